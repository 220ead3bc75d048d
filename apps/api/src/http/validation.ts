import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

// Chinese wording per class-validator rule; the first number of the English default fills `{n}`.
const RULES: Record<string, string> = {
  whitelistValidation: '是不允许的字段',
  isNotEmpty: '不能为空',
  isDefined: '必须提供',
  isString: '必须是文本',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是 true 或 false',
  isBooleanString: '必须是 true 或 false',
  min: '不能小于 {n}',
  max: '不能大于 {n}',
  minLength: '至少 {n} 个字符',
  maxLength: '不能超过 {n} 个字符',
  isUuid: '必须是有效的 ID',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  isIso8601: '必须是 YYYY-MM-DD 格式的日期',
  isDateString: '必须是 YYYY-MM-DD 格式的日期',
  matches: '格式不正确',
  isArray: '必须是数组',
  arrayMaxSize: '最多 {n} 项',
  arrayMinSize: '至少 {n} 项',
  arrayUnique: '不能有重复项',
  isEmail: '必须是有效的电子邮箱',
  isUrl: '必须是有效的网址',
  isObject: '必须是对象',
  nestedValidation: '格式不正确',
};

const LABEL = 'duban:field-label';

/** The field's name in validation messages (进展情况不能超过 5000 个字符); without it the property name is used. */
export function FieldLabel(label: string): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(LABEL, label, target, property);
}

/** Text as a browser's textarea counts it: multipart form fields arrive with CRLF line breaks, which count twice. */
export const toLf = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value);

/** Text without the spaces around it, so that a title of spaces only is empty. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const label = e.target ? Reflect.getMetadata(LABEL, e.target, e.property) as string | undefined : undefined;
    const own = Object.entries(e.constraints ?? {}).map(([rule, english]) => {
      const template = RULES[rule];
      const n = /\d+/.exec(english)?.[0] ?? '';
      const message = template ? (label ? `${label}${template}` : `${field} ${template}`).replace('{n}', n) : english;
      return { field, rule, message };
    });
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export class RequestValidationException extends BadRequestException {
  constructor(readonly fields: FieldError[]) {
    super({ code: 'VALIDATION_FAILED', message: `请求参数有误：${fields.map((f) => f.message).join('；')}` });
  }
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // the target object lets the messages find FieldLabel; neither it nor the value reaches the response
  validationError: { target: true, value: false },
  exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
});
