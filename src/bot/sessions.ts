/**
 * Recent answers, kept so their buttons (more passages, post to channel) work
 * without re-asking. Bounded in size and age; an expired one is said so, not guessed.
 */
import { randomBytes } from 'node:crypto';
import type { InteractionEditReplyOptions } from 'discord.js';
import type { Answer } from '../answer/types.js';

export interface AnswerSession {
  id: string;
  askerId: string;
  answer: Answer;
  mentionId: string | undefined;
  createdAt: number;
  /** The stored question's id, which its 👍 / 👎 buttons carry; absent when it could not be stored. */
  answerId?: string | undefined;
  /** Set when a private answer has been posted to the channel: it is posted once. */
  posted?: boolean;
  /** Edits the asker's private reply (through the /ask interaction, while its token lasts). */
  editPrivate?: ((options: InteractionEditReplyOptions) => Promise<unknown>) | undefined;
}

export class AnswerSessions {
  private readonly sessions = new Map<string, AnswerSession>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly maxAgeMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  add(session: Omit<AnswerSession, 'id' | 'createdAt' | 'posted'>): AnswerSession {
    const full = { ...session, id: randomBytes(6).toString('base64url'), createdAt: this.now() };
    this.sessions.set(full.id, full);
    while (this.sessions.size > this.maxEntries) this.sessions.delete(this.sessions.keys().next().value!);
    return full;
  }

  get(id: string): AnswerSession | undefined {
    const session = this.sessions.get(id);
    if (session && this.now() - session.createdAt > this.maxAgeMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }
}
