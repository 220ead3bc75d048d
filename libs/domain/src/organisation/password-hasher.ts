import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';

/** argon2id with the library's defaults (OWASP-recommended parameters). */
@Injectable()
export class PasswordHasher {
  /** A hash of a secret nobody knows, with the same parameters as every stored hash; made on first use. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, { type: argon2id });
  }

  async verify(stored: string, password: string): Promise<boolean> {
    void this.dummyHash(); // made on the first login of any kind, so no later request pays for it
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }

  /**
   * For a user name that does not exist (or is inactive): one argon2 verification like a wrong password, so the
   * answer takes as long and user names cannot be told apart by timing. Always false.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(await this.dummyHash(), password);
    return false;
  }

  private dummyHash(): Promise<string> {
    if (!this.dummy) {
      const made = this.hash(randomBytes(32).toString('base64'));
      made.catch(() => (this.dummy = undefined)); // try again next time rather than fail every unknown user for good
      this.dummy = made;
    }
    return this.dummy;
  }
}
