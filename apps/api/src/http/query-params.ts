/** A query string's 'true' / 'false' as a boolean, for @Transform; anything else is left for @IsBoolean to refuse. */
export const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
