// coerce_to_numeric, after ViperGPT: the first number written with digits ("about 10-15" → 10, "-2.5"
// → -2.5, "1,000" → 1000); failing that, a number written in words ("twenty one" → 21); failing that, the string itself.
// Digits come first because a VQA answer like "3 (three)" or "one of 4" means the digits.
const DIGIT_NUMBER = /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?|-?\.\d+/;
const WORD_SEPARATORS = /[\s,-]+/;
const UNIT_WORDS = freeze({
  __proto__: null, zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90,
});
const SCALE_WORDS = freeze({ __proto__: null, thousand: 1e3, million: 1e6, billion: 1e9 });

function coerce_to_numeric(string) {
  if (typeof string === "number") return string;
  const text = toText(string);
  const digits = callIntrinsic(regexpExec, DIGIT_NUMBER, text);
  if (digits !== null) return parseNumber(callIntrinsic(stringReplace, digits[0], /,/g, ""));
  const fromWords = numberFromWords(callIntrinsic(stringToLowerCase, text));
  return fromWords === null ? text : fromWords;
}

/** The value of the first run of number words ("one hundred and five" → 105), or null. */
function numberFromWords(text) {
  const words = callIntrinsic(stringSplit, text, WORD_SEPARATORS);
  let total = 0;
  let current = 0;
  let seen = false;
  for (let index = 0; index < words.length; index++) {
    const word = callIntrinsic(stringReplace, words[index], /[^a-z]/g, "");
    if (word in UNIT_WORDS) {
      current += UNIT_WORDS[word];
      seen = true;
    } else if (word === "hundred" && seen) {
      current = (current === 0 ? 1 : current) * 100;
    } else if (word in SCALE_WORDS && seen) {
      total += (current === 0 ? 1 : current) * SCALE_WORDS[word];
      current = 0;
    } else if (word === "and" && seen) {
      continue;
    } else if (seen) {
      break;
    }
  }
  return seen ? total + current : null;
}
