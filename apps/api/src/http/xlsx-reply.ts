import { PassThrough, Writable } from 'node:stream';
import type { Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download's file name: an ASCII fallback and the UTF-8 name. */
export const attachment = (fileName: string) =>
  `attachment; filename="${encodeURIComponent(fileName).replace(/%/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Sends a workbook as it is written; a failure after the status line can only abort the download. */
export async function streamXlsx(reply: FastifyReply, fileName: string, write: (out: Writable) => Promise<unknown>,
  logger: Logger): Promise<void> {
  const out = new PassThrough();
  void reply.header('content-type', XLSX).header('content-disposition', attachment(fileName)).header('cache-control', 'no-store')
    .send(out);
  try {
    await write(out);
  } catch (err) {
    logger.error({ err }, `export ${fileName} failed mid-stream`);
    out.destroy(err as Error); // the status line is gone; an aborted download is the honest answer
  }
}
