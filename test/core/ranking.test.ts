import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES, decide, MODEL, PASSAGE_FEATURES, SENTENCE_FEATURES, TOPIC_FEATURES } from '../../src/answer/ranking.js';

describe('decide', () => {
  const thresholds = { topic: 0.3, high: 0.6 };

  it('abstains when the question is not about the story, however sure the ranker is', () => {
    expect(decide(0.29, 0.99, thresholds)).toBe('abstain');
  });

  it('answers confidently only when the answer is likely right', () => {
    expect(decide(0.9, 0.6, thresholds)).toBe('high');
    expect(decide(0.9, 0.59, thresholds)).toBe('low');
  });

  it('offers the closest passage for an on-topic question it is unsure of', () => {
    expect(decide(0.3, 0.1, thresholds)).toBe('low');
  });
});

describe('the learned model', () => {
  it('weighs only signals the engine measures', () => {
    const known = (names: readonly string[], weights: Record<string, number>) => Object.keys(weights).filter((k) => !names.includes(k));
    expect(known(PASSAGE_FEATURES, MODEL.passage)).toEqual([]);
    expect(known(SENTENCE_FEATURES, MODEL.sentence)).toEqual([]);
    expect(known(CONFIDENCE_FEATURES, MODEL.confidence)).toEqual([]);
    expect(known(TOPIC_FEATURES, MODEL.topic)).toEqual([]);
  });

  it('has finite weights and thresholds between 0 and 1', () => {
    for (const weights of [MODEL.passage, MODEL.sentence, MODEL.confidence, MODEL.topic]) {
      for (const w of Object.values(weights)) expect(Number.isFinite(w)).toBe(true);
    }
    for (const t of Object.values(MODEL.thresholds)) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(1);
    }
  });

  it('ranks a passage higher the more of the question it covers, other things equal', () => {
    expect(MODEL.passage.coverage! + MODEL.passage.matchedShare! + MODEL.passage.bestSentence!).toBeGreaterThan(0);
  });
});
