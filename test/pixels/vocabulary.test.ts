import { describe, expect, it } from "vitest";
import { parseObjectQuery } from "../../src/mllm/pixels/object-query.ts";
import { parseQuestion } from "../../src/mllm/pixels/question-intent.ts";

describe("labels pixel analysis understands", () => {
  it.each([
    ["object", {}],
    ["Things", {}],
    ["red square", { color: "red", shape: "square" }],
    ["large blue shape", { size: "large", color: "blue" }],
    ["circle red", { color: "red", shape: "circle" }],
    ["small grey balls", { size: "small", color: "gray", shape: "circle" }],
    ["a photo of a big star", { size: "large", shape: "star" }],
    ["round object", { shape: "circle" }],
    ["triangular purple item", { color: "purple", shape: "triangle" }],
  ] as const)("reads %j", (label, query) => {
    expect(parseObjectQuery(label)).toEqual(query);
  });

  it.each(["", "the", "apple", "red car", "red blue circle", "small large star", "circle square", "3 circles"])("refuses %j", (label) => {
    expect(parseObjectQuery(label)).toBeUndefined();
  });
});

describe("questions pixel analysis understands", () => {
  it.each([
    ["How many objects are in this photo? Answer please with a number between 1 and 10.", { kind: "count", subject: {} }],
    ["How many red circles are there?", { kind: "count", subject: { color: "red", shape: "circle" } }],
    ["how many large things are there in the image", { kind: "count", subject: { size: "large" } }],
    ["How many stars do you see?", { kind: "count", subject: { shape: "star" } }],
    ["What color is this?", { kind: "attribute", attribute: "color" }],
    ["What colour is the big square?", { kind: "attribute", attribute: "color", subject: { size: "large", shape: "square" } }],
    ["What shape is the green object?", { kind: "attribute", attribute: "shape", subject: { color: "green" } }],
    ["What is the size of the red star?", { kind: "attribute", attribute: "size", subject: { color: "red", shape: "star" } }],
    ["What is this?", { kind: "identify" }],
    ["Is there a blue square?", { kind: "exists", subject: { color: "blue", shape: "square" } }],
    ["Are there any small triangles in the picture?", { kind: "exists", subject: { size: "small", shape: "triangle" } }],
    ["Is this a red circle?", { kind: "is-this", subject: { color: "red", shape: "circle" } }],
    ["Is it large?", { kind: "is-this", subject: { size: "large" } }],
  ] as const)("reads %j", (question, intent) => {
    expect(parseQuestion(question)).toEqual(intent);
  });

  it.each(["What is the man holding?", "How many apples are there?", "Why is the circle red?", "Is the circle left of the square?", "What color is the sky?", ""])("refuses %j", (question) => {
    expect(parseQuestion(question)).toBeUndefined();
  });
});
