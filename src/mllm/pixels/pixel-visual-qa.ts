import type { PerceptionContext, VisualQA } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { nameColor } from "./color-names.ts";
import { PHOTO_REASON, pixelsCannotServe } from "./no-backend.ts";
import { matchesQuery } from "./object-query.ts";
import { type QuestionIntent, parseQuestion } from "./question-intent.ts";
import { mainObject, objectsInRegion } from "./region.ts";
import { type PixelObject, sceneObjects } from "./scene-objects.ts";

const VQA_ADVICE = "For other questions or photos configure a VLM: --vlm ollama:llava (or another <provider>:<model>).";
const KNOWN_QUESTIONS = 'it answers "what color/shape/size is this/the X?", "what is this?", "how many X are there?", "is there a X?" and "is this a X?" about shapes, colours and sizes';

/**
 * Answers simple perception questions about plain-background scenes with short answers ("red",
 * "circle", "large", "3", "yes"). Questions about a patch look at its main object (the one with the most
 * area in the patch); counts take the objects whose centre is in the patch.
 */
export function createPixelVisualQA(): VisualQA {
  return {
    specificationVersion: "v1",
    id: "pixels",
    supports: (question: string, context: PerceptionContext) => context.scene === "plain" && parseQuestion(question) !== undefined,
    async answer(image: RgbImage, question: string, context: PerceptionContext): Promise<string> {
      if (context.scene !== "plain") throw pixelsCannotServe({ primitive: "simple_query", request: question, reason: PHOTO_REASON, advice: VQA_ADVICE });
      const intent = parseQuestion(question);
      if (intent === undefined) throw pixelsCannotServe({ primitive: "simple_query", request: question, reason: KNOWN_QUESTIONS, advice: VQA_ADVICE });
      return answerIntent(intent, image, context);
    },
  };
}

async function answerIntent(intent: QuestionIntent, image: RgbImage, context: PerceptionContext): Promise<string> {
  const objects = await sceneObjects(context);
  switch (intent.kind) {
    case "count":
      return String(objectsInRegion(objects, context.region).filter((object) => matchesQuery(object, intent.subject)).length);
    case "exists":
      return objectsInRegion(objects, context.region).some((object) => matchesQuery(object, intent.subject)) ? "yes" : "no";
    case "is-this": {
      const subject = mainObject(objects, context.region);
      return subject !== undefined && matchesQuery(subject, intent.subject) ? "yes" : "no";
    }
    case "identify": {
      const subject = mainObject(objects, context.region);
      return subject === undefined ? "nothing" : describe(subject);
    }
    case "attribute": {
      const wanted = intent.subject;
      const subject = wanted === undefined ? mainObject(objects, context.region) : mainObject(objects, context.region, (object) => matchesQuery(object, wanted));
      if (subject !== undefined && (wanted === undefined || matchesQuery(subject, wanted))) return subject[intent.attribute];
      // An empty patch still has a colour: the background's.
      if (subject === undefined && wanted === undefined && intent.attribute === "color") return nameColor(meanColor(image));
      return "none";
    }
  }
}

function describe(object: PixelObject): string {
  return `${object.color} ${object.shape === "other" ? "object" : object.shape}`;
}

function meanColor(image: RgbImage): { red: number; green: number; blue: number } {
  const sums = [0, 0, 0];
  for (let offset = 0; offset < image.data.length; offset += 3) for (let channel = 0; channel < 3; channel++) sums[channel]! += image.data[offset + channel]!;
  const pixels = Math.max(image.width * image.height, 1);
  return { red: sums[0]! / pixels, green: sums[1]! / pixels, blue: sums[2]! / pixels };
}
