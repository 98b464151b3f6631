import type { Extreme, Relation, RuleIntent } from "./rule-grammar.ts";

/**
 * Writes the program for a parsed question, in the style of ViperGPT's example programs: plain steps a
 * person can read, with the entity text passed to `find`/`count`/`exists` as written in the question.
 */
export function writeRuleProgram(intent: RuleIntent): string {
  return `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body(intent).join("\n")}\n}\n`;
}

function body(intent: RuleIntent): string[] {
  switch (intent.family) {
    case "count": {
      const patches = `${nameOf(intent.entity)}_patches`;
      return [`  const ${patches} = await image.find(${quote(intent.entity)});`, `  return ${patches}.length;`];
    }
    case "exist":
      return [`  const is_${nameOf(intent.entity)} = await image.exists(${quote(intent.entity)});`, `  return bool_to_yesno(is_${nameOf(intent.entity)});`];
    case "attribute": {
      const patches = `${nameOf(intent.entity)}_patches`;
      return [
        `  const ${patches} = await image.find(${quote(intent.entity)});`,
        `  if (${patches}.length === 0) return await image.simple_query(${quote(`What ${intent.attribute} is the ${intent.entity}?`)});`,
        `  return await ${patches}[0].simple_query(${quote(`What ${intent.attribute} is this?`)});`,
      ];
    }
    case "extreme": {
      const patches = `${nameOf(intent.entity)}_patches`;
      return [
        `  const ${patches} = await image.find(${quote(intent.entity)});`,
        `  if (${patches}.length === 0) return await image.simple_query(${quote(`What ${intent.attribute} is the ${intent.extreme} ${intent.entity}?`)});`,
        `  ${patches}.sort((a, b) => ${EXTREME_ORDER[intent.extreme]});`,
        `  return await ${patches}[0].simple_query(${quote(`What ${intent.attribute} is this?`)});`,
      ];
    }
    case "spatial": {
      const [subject, reference] = distinctNames(intent.subject, intent.reference);
      return [
        `  const ${subject}_patches = await image.find(${quote(intent.subject)});`,
        `  const ${reference}_patches = await image.find(${quote(intent.reference)});`,
        `  if (${subject}_patches.length === 0 || ${reference}_patches.length === 0) return "no";`,
        `  const ${subject}_patch = ${subject}_patches[0];`,
        `  const ${reference}_patch = ${reference}_patches[0];`,
        `  return bool_to_yesno(${comparison(intent.relation, `${subject}_patch`, `${reference}_patch`)});`,
      ];
    }
    case "count-relation": {
      const [subject, reference] = distinctNames(intent.subject, intent.reference);
      const matching = `${subject}_patches_${RELATION_WORDS[intent.relation]}_${reference}`;
      return [
        `  const ${reference}_patches = await image.find(${quote(intent.reference)});`,
        `  if (${reference}_patches.length === 0) return 0;`,
        `  const ${reference}_patch = ${reference}_patches[0];`,
        `  const ${subject}_patches = await image.find(${quote(intent.subject)});`,
        `  const ${matching} = ${subject}_patches.filter((patch) => ${comparison(intent.relation, "patch", `${reference}_patch`)});`,
        `  return ${matching}.length;`,
      ];
    }
    case "compare": {
      const [first, second] = distinctNames(intent.first, intent.second);
      const operator = intent.comparison === "more" ? ">" : intent.comparison === "fewer" ? "<" : "===";
      return [
        `  const ${first}_count = await image.count(${quote(intent.first)});`,
        `  const ${second}_count = await image.count(${quote(intent.second)});`,
        `  return bool_to_yesno(${first}_count ${operator} ${second}_count);`,
      ];
    }
  }
}

/** Sort comparators that put the asked-for extreme first (y grows up in the ImagePatch API). */
const EXTREME_ORDER: Readonly<Record<Extreme, string>> = {
  leftmost: "a.horizontal_center - b.horizontal_center",
  rightmost: "b.horizontal_center - a.horizontal_center",
  topmost: "b.vertical_center - a.vertical_center",
  bottommost: "a.vertical_center - b.vertical_center",
};

const RELATION_WORDS: Readonly<Record<Relation, string>> = { left: "left_of", right: "right_of", above: "above", below: "below" };

function comparison(relation: Relation, subject: string, reference: string): string {
  switch (relation) {
    case "left":
      return `${subject}.horizontal_center < ${reference}.horizontal_center`;
    case "right":
      return `${subject}.horizontal_center > ${reference}.horizontal_center`;
    case "above":
      return `${subject}.vertical_center > ${reference}.vertical_center`;
    case "below":
      return `${subject}.vertical_center < ${reference}.vertical_center`;
  }
}

/** A readable identifier from an entity: "large red circles" → "large_red_circle". */
function nameOf(entity: string): string {
  const words = entity.split(/[ -]+/);
  const last = words.pop() ?? "object";
  return [...words, singular(last)].join("_").replace(/[^a-z0-9_]/g, "");
}

function distinctNames(first: string, second: string): [string, string] {
  const a = nameOf(first);
  const b = nameOf(second);
  return a === b ? [a, `other_${b}`] : [a, b];
}

function singular(word: string): string {
  if (word.length <= 3 || word.endsWith("ss")) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
