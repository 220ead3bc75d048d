// The API's answers by name, from the schema generated from the server's DTOs (npm run contract:generate):
// pages import these names, not paths into the schema.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** an error answer (4xx, 5xx): ApiError is made from it */
export type ErrorBody = Schemas['ErrorResponseDto'];

export type TaskStatus = Schemas['TaskStatus'];
export type Light = Schemas['TrafficLight'];
export type AllowedAction = Schemas['AllowedAction'];
export type Task = Schemas['TaskResponseDto'];
export type ReportCycle = Schemas['ReportCycleDto'];
export type TaskPage = Schemas['TaskPageResponseDto'];
export type TaskGroup = Schemas['TaskGroupResponseDto'];
/** 督察抽查: a month's draw and its results */
export type SpotCheck = Schemas['SpotCheckResponseDto'];
/** 报送日历: a month's report days and where each report stands */
export type ReportCalendar = Schemas['ReportCalendarResponseDto'];
export type ReportCalendarItem = Schemas['ReportCalendarItemResponseDto'];
export type ReportCalendarState = Schemas['ReportCalendarState'];
/** GET /api/tasks's filters (the ledger's export takes the same) */
export type TaskListQuery = NonNullable<paths['/api/tasks']['get']['parameters']['query']>;
export type CoOwnerBranch = Schemas['CoOwnerBranchDto'];
export type TaskStats = Schemas['TaskStatsResponseDto'];
export type TaskUnitStats = Schemas['TaskUnitStatsResponseDto'];
export type LedgerImportResult = Schemas['LedgerImportResultResponseDto'];
/** a line of the ledger import's NDJSON answer */
export type LedgerImportLine = Schemas['LedgerImportProgressLineDto'] | Schemas['LedgerImportResultLineDto'] | Schemas['LedgerImportErrorLineDto'];
export type LedgerImportRowError = Schemas['LedgerImportRowErrorDto'];
export type LedgerImportPhase = Schemas['LedgerImportPhase'];
/** ApiError.details of LEDGER_IMPORT_INVALID */
export type LedgerImportInvalidDetails = Schemas['LedgerImportInvalidDetailsDto'];
export type TaskReportStats = Schemas['TaskReportStatsResponseDto'];
export type TaskMonthStats = Schemas['TaskMonthStatsResponseDto'];
export type BulkResult = Schemas['BulkResultResponseDto'];
export type HistoryEntry = Schemas['TaskHistoryEntryResponseDto'];
export type Progress = Schemas['ProgressResponseDto'];
export type Evidence = Schemas['EvidenceResponseDto'];
export type LeaderOverview = Schemas['LeaderOverviewResponseDto'];
export type LeaderTask = Schemas['LeaderTaskResponseDto'];
export type LeaderTaskList = Schemas['LeaderTaskListResponseDto'];
export type LeaderEscalation = Schemas['LeaderEscalationResponseDto'];

export type Unit = Schemas['UnitResponseDto'];
export type UnitWebhook = Schemas['UnitWebhookDto'];
export type User = Schemas['UserResponseDto'];
export type Actor = Schemas['ActorResponseDto'];

export type Report = Schemas['ReportResponseDto'];
export type ReportListItem = Schemas['ReportListItemResponseDto'];
export type ReportItem = Schemas['ReportItemResponseDto'];
export type ReportLink = Schemas['ReportLinkResponseDto'];
/** what the office decides about a suggested problem–measure link */
export type LinkDecision = Schemas['LinkDto']['status'];
export type ItemSpan = Schemas['ItemSpanDto'];
/** ApiError.details of REPORT_DUPLICATE */
export type ReportDuplicateDetails = Schemas['ReportDuplicateDetailsDto'];
export type Suggestion = Schemas['OwnerSuggestionDto'];
export type ItemTaskRef = Schemas['ItemTaskRefDto'];
export type OwnerRule = Schemas['OwnerRuleResponseDto'];

export type DocumentKind = Schemas['DocumentKind'];
export type DocumentSummary = Schemas['DocumentSummaryResponseDto'];
export type DocumentDetail = Schemas['DocumentDetailResponseDto'];
export type DocumentPage = Schemas['DocumentPageResponseDto'];
/** a bulletin's DocumentDetail.content (free-form in the detail's schema, which names this one for bulletins) */
export type BulletinContent = Schemas['BulletinContentDto'];
export type AssessmentLine = Schemas['AssessmentLineDto'];
export type AssessmentItem = Schemas['AssessmentItemDto'];
export type AnnualReview = Schemas['AnnualReviewResponseDto'];
export type AnnualUnit = Schemas['AnnualUnitDto'];
export type AccountabilityRecord = Schemas['AccountabilityRecordResponseDto'];
export type AccountabilityMeasure = Schemas['AccountabilityMeasure'];
export type NamedTask = Schemas['NamedTaskResponseDto'];
export type Notice = Schemas['NoticeResponseDto'];
export type InboxPage = Schemas['InboxPageResponseDto'];

export type BeatName = keyof Schemas['BeatTimesDto'];
export type Recipient = Schemas['Recipient'];
export type Channel = Schemas['Channel'];
export type LadderStep = Schemas['LadderStepDto'];
export type ScoringWeights = Schemas['ScoringWeightsDto'];
export type CadencePolicy = Schemas['CadencePolicyDto'];
export type CadenceSettings = Schemas['CadencePolicyResponseDto'];
export type NoticeEvent = Schemas['NoticeEvent'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type YearSource = Schemas['YearSource'] | null;
export type WorkingDays = Schemas['WorkingDaysResponseDto'];
export type CalendarDifference = Schemas['CalendarDifferenceDto'];
export type YearCoverage = Schemas['YearCoverageResponseDto'];
export type NationalCalendarOverview = Schemas['NationalCalendarOverviewResponseDto'];
export type NoticeDay = Schemas['NoticeDayDto'];
export type HolidayRange = Schemas['HolidayRangeDto'];
export type NoticeItem = Schemas['NoticeItemDto'];
export type NoticeReview = Schemas['NoticeReviewResponseDto'];
export type EnteredYear = Schemas['EnteredYearResponseDto'];
export type EnteredDay = Schemas['EnteredDayDto'];
