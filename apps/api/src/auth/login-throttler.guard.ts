import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts login attempts per client address and user name, so one guessed account cannot lock out the office. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return `${req.ip}|${String(req.body?.username ?? '').toLowerCase()}`;
  }
}
