// The disguises of the comparison, one per class. A class turns a word into
// its disguised letters: one piece per letter of the word, `body` the
// characters that stand for the letter and `pre` what comes before them
// (a separator), or null when it has nothing to change in that word. The
// pieces let the comparison say which bytes an exact span covers.

const kLeet = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', b: '8', g: '9' };
const kSymbols = { a: '@', s: '$', i: '!', l: '|', t: '+' };
const kCyrillic = { a: 'а', c: 'с', e: 'е', i: 'і', j: 'ј', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у' };
const kGreek = { a: 'α', i: 'ι', k: 'κ', n: 'η', o: 'ο', p: 'ρ', t: 'τ', u: 'υ', v: 'ν', x: 'χ' };

const Plain = (word) => [...word].map((c) => ({ pre: '', body: c }));
const Changed = (pieces, word) => (pieces.map((p) => p.pre + p.body).join('') === word ? null : pieces);

// Replaces every letter `map` has; null if none.
function Replace(word, map) {
  return Changed([...word].map((c) => ({ pre: '', body: map[c] ?? c })), word);
}

// Each letter through `f`, other characters kept.
function EachLetter(word, f) {
  return [...word].map((c) => ({ pre: '', body: /[a-z]/.test(c) ? f(c) : c }));
}

// The middle letter of the word written `times` times.
function Repeat(word, times) {
  const pieces = Plain(word);
  const middle = Math.floor((pieces.length - 1) / 2);
  if (!/[a-z]/.test(pieces[middle].body)) return null;
  pieces[middle].body = pieces[middle].body.repeat(times);
  return pieces;
}

// `separator` between letters (a space of the word itself stays as it is).
function Between(word, separator) {
  if (word.length < 2) return null;
  return [...word].map((c, i) => ({ pre: i > 0 && c !== ' ' && word[i - 1] !== ' ' ? separator : '', body: c }));
}

export const kClasses = [
  ['leetspeak', (w) => Replace(w, kLeet)],
  ['symbols', (w) => Replace(w, kSymbols)],
  ['repeat x2', (w) => Repeat(w, 2)],
  ['repeat x3', (w) => Repeat(w, 3)],
  ['repeat x4', (w) => Repeat(w, 4)],
  ['separators', (w) => Between(w, '.')],
  ['spacing', (w) => Between(w, ' ')],
  ['masks', (w) => {  // the middle letter, inside the word
    if (w.length < 4) return null;
    const pieces = Plain(w);
    pieces[Math.floor(w.length / 2)].body = '*';
    return pieces;
  }],
  ['cyrillic', (w) => Replace(w, kCyrillic)],
  ['greek', (w) => Replace(w, kGreek)],
  ['full-width', (w) => EachLetter(w, (c) => String.fromCodePoint(0xff41 + c.charCodeAt(0) - 97))],
  ['mathematical', (w) => EachLetter(w, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97))],
  ['zero-width', (w) => Between(w, '\u200b')],
  ['combining marks', (w) => EachLetter(w, (c) => c + '\u0336')],
];

// The sentence a disguised word is put in (its other words match no term),
// and for each letter of the word the byte range [begin, end) of its body.
export function Carrier(pieces) {
  const before = 'well, ';
  let text = before;
  const letters = [];
  for (const piece of pieces) {
    text += piece.pre;
    const begin = Buffer.byteLength(text);
    text += piece.body;
    letters.push([begin, Buffer.byteLength(text)]);
  }
  const range = [Buffer.byteLength(before), Buffer.byteLength(text)];
  return { text: text + " to them.", range, letters };
}

export { Plain };
