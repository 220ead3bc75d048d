import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document's notices by document: the beat's summary counts each document's notices (`noticeCountSql`), and the
 * document pages do too. Without an index every count read the whole notice table, which only grows: at province scale
 * (bench:sweep -- --province, 14,000 notices) the escalation beat spent 12 of its 45 s in that count, and each further
 * beat would spend more.
 */
export class NotificationDocumentIndex1765700000000 implements MigrationInterface {
  name = 'NotificationDocumentIndex1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_notification_document ON notification (document_id) WHERE document_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_notification_document`);
  }
}
