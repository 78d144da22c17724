/**
 * A fixed mix of questions for latency: realistic questions about the story,
 * off-topic ones the engine should decline, and some with typos. Deterministic.
 */
import { Rng } from './synthetic.js';

export type QuestionKind = 'story' | 'variant' | 'typo' | 'off-topic';

export interface BenchQuestion {
  text: string;
  kind: QuestionKind;
}

const STORY = [
  'Who signed the memorandum of understanding?',
  'How much did undocumented immigrants pay in taxes in 2023?',
  'Why did Melanie Krause resign?',
  'What is an ITIN?',
  'What type of taxpayer information is the IRS sharing with ICE?',
  'Why is the IRS sharing this information with ICE?',
  'What has been the response to the IRS\'s agreement with ICE?',
  'Which acting IRS commissioner resigned?',
  'who signed the memo?',
  'How much tax did undocumented immigrants pay?',
  'What share of ICE\'s requests did the IRS match?',
  'Who is Lisa Gilbert?',
  'What does the agreement let ICE do?',
  'Which groups sued over the data sharing?',
  'What did the Treasury spokesperson say?',
  'How long after a removal order does the agreement target immigrants?',
  'What happened to William Paul?',
  'What must ICE include in its requests to the IRS?',
  'What did the judge rule?',
  'How many IRS leaders resigned in 2025?',
  'What percentage of the US workforce was undocumented?',
  'What did a former IRS official tell the Washington Post?',
  'What do advocates worry immigrants will stop doing?',
  'How much did undocumented immigrants pay in federal taxes?',
  'When was the memorandum filed in court?',
  'What did the White House say about the data sharing?',
  'What are Democratic senators asking for?',
  'Did the IRS receive any requests from DHS?',
  'What is an individual taxpayer identification number?',
  'Who is Kristi Noem?',
  'What did Fox News tweet?',
  'How many people did ICE ask the IRS about?',
  'What is the MOU between the IRS and DHS?',
  'When was the agreement signed?',
  'Did a judge block the data sharing?',
  'Who represents the immigrant groups in court?',
  'Is sharing tax data with ICE legal?',
  'What is Public Citizen?',
  'What does Immigration and Customs Enforcement want from the Internal Revenue Service?',
  'How many matches did the IRS find for the 1.23 million names?',
  'What happened on April 7?',
  'Who is the Treasury Secretary?',
  'Was the injunction denied?',
  'What law protects taxpayer privacy?',
  'Why are immigrant advocates worried about deportation?',
  'How much is $90 billion in taxes compared with federal taxes?',
  'What does 5% refer to in the IRS data story?',
  'Tell me about the IRS ICE deal',
  'irs ice data sharing',
  'Melanie Krause',
];

const OFF_TOPIC = [
  'What is the capital of France?',
  'Who is the president of France?',
  'How many calories are in a banana?',
  'When did the Titanic sink?',
  'What is the tax rate in Texas?',
  'Who is the CEO of Apple?',
  'How do I bake sourdough bread?',
  'What time is the football game tonight?',
  'Who won the World Cup in 2018?',
  'How tall is Mount Everest?',
  'What is the weather tomorrow?',
  'Recommend a good science fiction novel',
  'hello',
  'thanks!',
  '???',
  'What is the meaning of life?',
];

const ENTITIES = [
  'Scott Bessent', 'Kristi Noem', 'Melanie Krause', 'Lisa Gilbert', 'Public Citizen', 'the judge', 'the White House',
  'the Treasury Department', 'ICE', 'DHS', 'the IRS', 'William Paul', 'immigrant rights groups', 'Democratic senators',
];
const TOPICS = [
  'the memorandum of understanding', 'the MOU', 'taxpayer privacy', 'deportations', 'the data sharing', 'ITINs',
  'the injunction', 'the lawsuit', 'tax returns', 'undocumented immigrants', 'the 1.23 million requests',
];
const FRAMES = [
  (e: string, t: string) => `What did ${e} say about ${t}?`,
  (e: string, t: string) => `How is ${e} involved in ${t}?`,
  (e: string, t: string) => `Why did ${e} criticize ${t}?`,
  (e: string, t: string) => `When did ${e} comment on ${t}?`,
];

/** One typo in a longer word: swapped, dropped or doubled letters, as people type. */
function withTypo(text: string, rng: Rng): string {
  const words = text.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{6,}$/.test(w));
  if (long.length === 0) return text;
  const [word, index] = rng.pick(long);
  const at = rng.int(1, word.length - 3);
  const edits = [
    word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + word[at] + word.slice(at),
  ];
  words[index] = rng.pick(edits);
  return words.join(' ');
}

/**
 * `count` distinct questions: the story questions, off-topic ones, typo'd copies
 * of story questions and templated variants, interleaved so any prefix is a mix.
 */
export function benchQuestions(count = 200, seed = 7): BenchQuestion[] {
  const rng = new Rng(seed);
  const pools: BenchQuestion[][] = [
    STORY.map((text) => ({ text, kind: 'story' })),
    OFF_TOPIC.map((text) => ({ text, kind: 'off-topic' })),
    STORY.map((text) => ({ text: withTypo(text, rng), kind: 'typo' as const })).filter((q, i) => q.text !== STORY[i]),
    ENTITIES.flatMap((e) => TOPICS.map((t) => ({ text: rng.pick(FRAMES)(e, t), kind: 'variant' as const }))),
  ];
  // Proportions per 20 questions: 7 story, 2 off-topic, 3 typo, 8 variants.
  const pattern = [0, 3, 2, 0, 3, 1, 0, 3, 2, 0, 3, 0, 3, 2, 1, 3, 0, 3, 0, 3];
  const seen = new Set<string>();
  const out: BenchQuestion[] = [];
  const cursor = pools.map(() => 0);
  for (let i = 0; out.length < count; i++) {
    let p = pattern[i % pattern.length]!;
    // A drained pool hands over to the templated variants, then to any pool with questions left.
    for (const fallback of [p, 3, 0, 2, 1]) {
      if (cursor[fallback]! < pools[fallback]!.length) {
        p = fallback;
        break;
      }
    }
    const q = pools[p]![cursor[p]!++];
    if (!q) break;
    if (seen.has(q.text)) continue;
    seen.add(q.text);
    out.push(q);
  }
  return out;
}
