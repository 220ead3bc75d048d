/**
 * A row of a raw `query()`: pg hands back plain objects keyed by column name, and the SQL that made them, not
 * TypeScript, says which columns they have. Typed queries map such rows to their own interfaces.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the columns are the SQL's
export type QueryRow = Record<string, any>;
