import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence bytes in 1 MiB chunks instead of one bytea per file: uploads stream into the database and downloads out of
 * it a chunk at a time (ten 19 MB files held whole took the API from 252 to 793 MB). Existing files keep `content`.
 */
export class EvidenceChunks1764500000001 implements MigrationInterface {
  name = 'EvidenceChunks1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_file ALTER COLUMN content DROP NOT NULL`);
    await q.query(`CREATE TABLE evidence_chunk (
      file_id uuid NOT NULL REFERENCES evidence_file (id) ON DELETE CASCADE,
      seq int NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (file_id, seq)
    )`);
    // scans, photos and archives are compressed already: TOAST need not try again
    await q.query(`ALTER TABLE evidence_chunk ALTER COLUMN data SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE evidence_file f SET content = (SELECT string_agg(c.data, ''::bytea ORDER BY c.seq) FROM evidence_chunk c
      WHERE c.file_id = f.id) WHERE f.content IS NULL`);
    await q.query(`DROP TABLE evidence_chunk`);
    await q.query(`ALTER TABLE evidence_file ALTER COLUMN content SET NOT NULL`);
  }
}
