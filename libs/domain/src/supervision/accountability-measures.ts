// No imports: the web's 问责登记 dialog offers the measures from here (as ranking.ts and period-names.ts).

/** 问责措施, mildest first (accountability_record's CHECK holds the same list). */
export const ACCOUNTABILITY_MEASURES = ['约谈', '通报批评', '责令书面检查', '诫勉', '移交纪检监察', '其他'] as const;
export type AccountabilityMeasure = (typeof ACCOUNTABILITY_MEASURES)[number];
