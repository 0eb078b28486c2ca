// Translates obscenity's English dataset into a bylaw pack, faithfully:
// one term per phrase of the dataset (named after its word), each pattern
// with its optional parts `[x]` expanded into alternatives, its `|` word
// boundaries read as bylaw's (both: a phrase; start only: `starts_word`;
// end only: `ends_word`; none: `within_words`), and the phrase's whitelist
// as the term's `except:` phrases. Obscenity's dataset is read at run time
// from the installed package; nothing of it is copied into this repository.

// SyntaxKind of obscenity's parsed patterns (its documented node kinds).
const kOptional = 0;
const kWildcard = 1;
const kLiteral = 2;

// Every string a parsed pattern's nodes spell, optional parts in and out.
function Expand(nodes) {
  let texts = [''];
  for (const node of nodes) {
    if (node.kind === kLiteral) {
      const text = String.fromCodePoint(...node.chars);
      texts = texts.map((t) => t + text);
    } else if (node.kind === kOptional && node.childNode.kind === kLiteral) {
      const text = String.fromCodePoint(...node.childNode.chars);
      texts = texts.flatMap((t) => [t, t + text]);
    } else if (node.kind === kOptional || node.kind === kWildcard) {
      // Any one character: any letter (bylaw reads digits and symbols as the
      // letters they stand for).
      const letters = [...'abcdefghijklmnopqrstuvwxyz'];
      texts = texts.flatMap((t) => [...(node.kind === kOptional ? [t] : []), ...letters.map((l) => t + l)]);
    } else {
      return null;
    }
  }
  return texts.map((t) => t.trim()).filter((t) => /[a-z0-9]/i.test(t));
}

function TermName(word, used) {
  let name = 'w_' + word.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  while (used.has(name)) name += '_';
  used.add(name);
  return name;
}

// YAML flow text for one bylaw pattern.
function PatternYaml(text, pattern) {
  const quoted = JSON.stringify(text);
  const start = pattern.requireWordBoundaryAtStart;
  const end = pattern.requireWordBoundaryAtEnd;
  if (start && end) return quoted;
  if (start) return `{ text: ${quoted}, starts_word: true }`;
  if (end) return `{ text: ${quoted}, ends_word: true }`;
  return `{ text: ${quoted}, within_words: true }`;
}

// The pack's YAML, and the term name of each dataset word.
export function TranslateDataset(dataset, category) {
  const used = new Set();
  const lines = [
    '# obscenity\'s English dataset, translated by bench/obscenity/translate.mjs.',
    `category: ${category}`,
    'description: Profanity, as the obscenity package lists it.',
    'terms:',
  ];
  const terms = new Map();
  let skipped = 0;
  for (const container of dataset.containers) {
    const word = container.metadata?.originalWord ?? `phrase${terms.size}`;
    const patterns = new Set();
    for (const pattern of container.patterns) {
      const texts = Expand(pattern.nodes);
      if (texts === null) {
        ++skipped;
        continue;
      }
      for (const text of texts) patterns.add(PatternYaml(text, pattern));
    }
    if (patterns.size === 0) continue;
    const name = TermName(word, used);
    terms.set(word, name);
    lines.push(`  ${name}:`, '    patterns:');
    for (const pattern of patterns) lines.push(`      - ${pattern}`);
    const whitelist = [...new Set(container.whitelistedTerms.map((t) => t.trim()))].filter((t) =>
      /[a-z0-9]/i.test(t));
    if (whitelist.length > 0) {
      lines.push('    except:');
      // A whitelisted phrase of several words is matched as obscenity does,
      // as written: bylaw's phrases would read `an al` in `anal` and
      // `who're` in `whore` (words joined).
      for (const text of whitelist) {
        const quoted = JSON.stringify(text);
        lines.push(/[^a-z0-9]/i.test(text) ? `      - { text: ${quoted}, evasion: off }` : `      - ${quoted}`);
      }
    }
  }
  lines.push('rules:', '  - id: obscenity.profanity', '    when: any of (w_*)', '');
  return { yaml: lines.join('\n'), terms, skipped };
}
