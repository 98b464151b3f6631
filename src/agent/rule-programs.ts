import type { Attribute, Extreme, Property, Relation, RuleIntent } from "./rule-grammar.ts";

/**
 * Writes the program for a parsed question, in the style of ViperGPT's example programs: plain steps a
 * person can read, with the entity text passed to `find`/`count`/`exists` as written in the question.
 * Every program follows the prompt's convention when the object is not there: a count is 0, a yes/no
 * answer "no", a what/which answer "none".
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
      return [`  const ${patches} = await image.find(${quote(intent.entity)});`, `  if (${patches}.length === 0) return "none";`, `  return await ${patches}[0].simple_query(${attributeQuestion(intent.attribute)});`];
    }
    case "extreme": {
      const patches = `${nameOf(intent.entity)}_patches`;
      return [...sortedPatches(patches, intent.entity, intent.extreme, '"none"'), `  return await ${patches}[0].simple_query(${attributeQuestion(intent.attribute)});`];
    }
    case "extreme-is":
      return extremeIs(intent.extreme, intent.entity, intent.property);
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
        ...firstPatch(reference, intent.reference, "0"),
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
    case "relative-attribute":
      return relativeAttribute(intent.attribute, intent.subject, intent.relation, intent.reference);
    case "same-attribute": {
      const entity = nameOf(intent.entity);
      const values = `${entity}_${intent.attribute}s`;
      return [
        `  const ${entity}_patches = await image.find(${quote(intent.entity)});`,
        `  if (${entity}_patches.length === 0) return "no";`,
        `  const ${values} = [];`,
        `  for (const ${entity}_patch of ${entity}_patches) ${values}.push(await ${entity}_patch.simple_query(${attributeQuestion(intent.attribute)}));`,
        `  return bool_to_yesno(${values}.every((value) => value === ${values}[0]));`,
      ];
    }
    case "all-have": {
      const [entity, having] = distinctNames(intent.entity, `${intent.adjective} ${intent.entity}`);
      return [
        `  const ${entity}_count = await image.count(${quote(intent.entity)});`,
        `  const ${having}_count = await image.count(${quote(`${intent.adjective} ${intent.entity}`)});`,
        `  return bool_to_yesno(${entity}_count > 0 && ${having}_count === ${entity}_count);`,
      ];
    }
    case "hypernym":
      return hypernym(intent.group, intent.classes, intent.relation, intent.reference);
  }
}

/** `find(entity)`, "none"/"no"/0 when empty, then the patches sorted so the asked-for extreme is first. */
function sortedPatches(patches: string, entity: string, extreme: Extreme, notFound: string): string[] {
  return [`  const ${patches} = await image.find(${quote(entity)});`, `  if (${patches}.length === 0) return ${notFound};`, `  ${patches}.sort((a, b) => ${EXTREME_ORDER[extreme]});`];
}

/** `find(entity)`, `notFound` when empty, else its first patch as `<name>_patch`. */
function firstPatch(name: string, entity: string, notFound: string): string[] {
  return [`  const ${name}_patches = await image.find(${quote(entity)});`, `  if (${name}_patches.length === 0) return ${notFound};`, `  const ${name}_patch = ${name}_patches[0];`];
}

const SAME_OBJECT_COMMENT = "  // The same object has the same box: distance() is minus the IoU of overlapping boxes.";

function extremeIs(extreme: Extreme, entity: string, property: Property): string[] {
  const patches = `${nameOf(entity)}_patches`;
  const chosen = `${extreme}_${nameOf(entity)}`;
  const wanted = property.kind === "adjective" ? `${property.word} ${entity}` : property.name;
  const candidates = `${distinctNames(entity, wanted)[1]}_patches`;
  return [
    ...sortedPatches(patches, entity, extreme, '"no"'),
    `  const ${chosen} = ${patches}[0];`,
    SAME_OBJECT_COMMENT,
    `  const ${candidates} = await image.find(${quote(wanted)});`,
    `  return bool_to_yesno(${candidates}.some((patch) => distance(patch, ${chosen}) < -0.5));`,
  ];
}

function relativeAttribute(attribute: Attribute, subject: string, relation: Relation | "closest", reference: string): string[] {
  const [subjectName, referenceName] = distinctNames(subject, reference);
  const candidates = `${subjectName}_candidates`;
  const where = relation === "closest" ? "" : ` && ${comparison(relation, "patch", `${referenceName}_patch`)}`;
  return [
    ...firstPatch(referenceName, reference, '"none"'),
    `  const ${subjectName}_patches = await image.find(${quote(subject)});`,
    `  // The ${reference} itself is not a candidate (the same box: distance() is minus the IoU of overlapping boxes).`,
    `  const ${candidates} = ${subjectName}_patches.filter((patch) => distance(patch, ${referenceName}_patch) > -0.5${where});`,
    `  if (${candidates}.length === 0) return "none";`,
    `  ${candidates}.sort((a, b) => distance(a, ${referenceName}_patch) - distance(b, ${referenceName}_patch));`,
    `  return await ${candidates}[0].simple_query(${attributeQuestion(attribute)});`,
  ];
}

function hypernym(group: string, classes: readonly string[], relation: Relation | "on", reference: string): string[] {
  const [groupName, referenceName] = distinctNames(group, reference);
  const matching = `${groupName}_patches_${relation === "on" ? "on" : RELATION_WORDS[relation]}_${referenceName}`;
  const test =
    relation === "on"
      ? `patch.overlaps_with(${referenceName}_patch.left, ${referenceName}_patch.lower, ${referenceName}_patch.right, ${referenceName}_patch.upper)`
      : comparison(relation, "patch", `${referenceName}_patch`);
  return [
    ...firstPatch(referenceName, reference, '"none"'),
    `  const ${groupName}_patches = await image.find(${quote(group)});`,
    `  const ${matching} = ${groupName}_patches.filter((patch) => ${test} && distance(patch, ${referenceName}_patch) > -0.5);`,
    `  if (${matching}.length === 0) return "none";`,
    "  // The nearest one (overlapping boxes: the one that overlaps most, as distance() is minus the IoU).",
    `  ${matching}.sort((a, b) => distance(a, ${referenceName}_patch) - distance(b, ${referenceName}_patch));`,
    `  const ${groupName}_patch = ${matching}[0];`,
    `  // Named by the detector class whose patch is the same object (the same box).`,
    `  for (const class_name of [${classes.map(quote).join(", ")}]) {`,
    "    const class_patches = await image.find(class_name);",
    `    if (class_patches.some((patch) => distance(patch, ${groupName}_patch) < -0.5)) return class_name;`,
    "  }",
    '  return "none";',
  ];
}

/** Sort comparators that put the asked-for extreme first (y grows up in the ImagePatch API). */
const EXTREME_ORDER: Readonly<Record<Extreme, string>> = {
  leftmost: "a.horizontal_center - b.horizontal_center",
  rightmost: "b.horizontal_center - a.horizontal_center",
  topmost: "b.vertical_center - a.vertical_center",
  bottommost: "a.vertical_center - b.vertical_center",
  largest: "b.width * b.height - a.width * a.height",
  smallest: "a.width * a.height - b.width * b.height",
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

function attributeQuestion(attribute: Attribute): string {
  return quote(`What ${attribute} is this?`);
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
