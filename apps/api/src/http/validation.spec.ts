import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

describe('flattenValidationErrors', () => {
  it('gives each failed rule a Chinese message with its limit, nested fields by path', () => {
    const errors = [
      Object.assign(new ValidationError(), { property: 'title', constraints: { maxLength: 'title must be shorter than or equal to 200 characters' } }),
      Object.assign(new ValidationError(), { property: 'webhooks', children: [Object.assign(new ValidationError(), {
        property: '0', children: [Object.assign(new ValidationError(), { property: 'url', constraints: { isUrl: 'url must be a URL address' } })],
      })] }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'title', rule: 'maxLength', message: 'title 不能超过 200 个字符' },
      { field: 'webhooks.0.url', rule: 'isUrl', message: 'webhooks.0.url 必须是有效的网址' },
    ]);
  });
});
