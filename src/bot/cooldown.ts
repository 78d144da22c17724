/**
 * A per-member cooldown on public answers, so one member cannot fill a channel.
 * Kept in memory: a restart forgets it, which costs at most one early answer each.
 */
import { UserError } from './errors.js';

export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Refuses, with a reply saying when to try again (Discord shows `<t:…:R>` as
   * "in 12 seconds"), while the member's last public answer is too recent.
   * @throws {UserError} then; the router sends its message privately.
   */
  check(memberId: string): void {
    const until = this.until.get(memberId);
    if (this.seconds <= 0 || until === undefined || until <= this.now()) return;
    throw new UserError(`You can post another answer to the channel <t:${Math.ceil(until / 1000)}:R>. To ask now, add \`private:True\`: private answers have no wait.`);
  }

  /** Starts the member's wait: a public answer is being posted. */
  start(memberId: string): void {
    if (this.seconds <= 0) return;
    const now = this.now();
    // Old entries go as new ones come, so the map holds only members still waiting (and a few more).
    for (const [id, end] of this.until) {
      if (end > now) break;
      this.until.delete(id);
    }
    this.until.delete(memberId);
    this.until.set(memberId, now + this.seconds * 1000);
  }
}
