/**
 * Client-side settings that make discord.js tests faster against the fake.
 * (The fake cannot influence these from the server side.)
 */

/**
 * @discordjs/ws throttles IDENTIFY to one per 5 s per shard bucket
 * (SimpleIdentifyThrottler: a re-identify within 5 s of the previous one
 * sleeps the remainder + up to 1.5 s of jitter). A test that forces a
 * re-identify (closeGateway(1000) or an invalidated session) therefore takes
 * 5–6.5 s unless the client is built with:
 *
 *   new Client({ intents, rest: { api: fake.apiBase }, ws: { buildIdentifyThrottler: noIdentifyThrottle } })
 *
 * RESUME is not throttled (reconnect ≈ 500 ms).
 */
export function noIdentifyThrottle(): { waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> } {
  return { waitForIdentify: async () => {} };
}
