import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES, CONFIDENCE_INPUTS, confidenceInputs, decide, MODEL, PASSAGE_FEATURES, SENTENCE_FEATURES, TOPIC_FEATURES, vector } from '../../src/answer/ranking.js';

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
    expect(known(CONFIDENCE_INPUTS, MODEL.confidence)).toEqual([]);
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

describe('confidenceInputs', () => {
  it('gives every signal, then the product of every two in the order CONFIDENCE_INPUTS names them', () => {
    const signals = Object.fromEntries(CONFIDENCE_FEATURES.map((name, i) => [name, name === 'bias' ? 1 : i / 10])) as Record<(typeof CONFIDENCE_FEATURES)[number], number>;
    const inputs = confidenceInputs(vector(CONFIDENCE_FEATURES, signals));
    expect(inputs).toHaveLength(CONFIDENCE_INPUTS.length);
    CONFIDENCE_INPUTS.forEach((name, i) => {
      const [a, b] = name.split('*') as [keyof typeof signals, keyof typeof signals | undefined];
      expect(inputs[i], name).toBeCloseTo(b === undefined ? signals[a] : signals[a] * signals[b], 12);
    });
    expect(CONFIDENCE_INPUTS).not.toContain('bias*bias');
  });
});
