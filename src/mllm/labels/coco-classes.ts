/** One of the 80 COCO object categories, as YOLOX and other COCO detectors number them. */
export interface CocoClass {
  /** Position in the detector's output (0–79), the order of COCO's category ids. */
  readonly index: number;
  /** COCO category id (1–90, with gaps), as in the annotation files. */
  readonly id: number;
  /** COCO's name, e.g. "dog", "cell phone". */
  readonly name: string;
  /** English plural used in questions, e.g. "dogs", "people", "skis". */
  readonly plural: string;
  /** COCO supercategory, e.g. "animal", "vehicle". */
  readonly supercategory: string;
}

// [id, name, plural, supercategory] in COCO id order; the order IS the model's class order.
const TABLE: ReadonlyArray<readonly [number, string, string, string]> = [
  [1, "person", "people", "person"], [2, "bicycle", "bicycles", "vehicle"], [3, "car", "cars", "vehicle"],
  [4, "motorcycle", "motorcycles", "vehicle"], [5, "airplane", "airplanes", "vehicle"], [6, "bus", "buses", "vehicle"],
  [7, "train", "trains", "vehicle"], [8, "truck", "trucks", "vehicle"], [9, "boat", "boats", "vehicle"],
  [10, "traffic light", "traffic lights", "outdoor"], [11, "fire hydrant", "fire hydrants", "outdoor"],
  [13, "stop sign", "stop signs", "outdoor"], [14, "parking meter", "parking meters", "outdoor"],
  [15, "bench", "benches", "outdoor"], [16, "bird", "birds", "animal"], [17, "cat", "cats", "animal"],
  [18, "dog", "dogs", "animal"], [19, "horse", "horses", "animal"], [20, "sheep", "sheep", "animal"],
  [21, "cow", "cows", "animal"], [22, "elephant", "elephants", "animal"], [23, "bear", "bears", "animal"],
  [24, "zebra", "zebras", "animal"], [25, "giraffe", "giraffes", "animal"], [27, "backpack", "backpacks", "accessory"],
  [28, "umbrella", "umbrellas", "accessory"], [31, "handbag", "handbags", "accessory"], [32, "tie", "ties", "accessory"],
  [33, "suitcase", "suitcases", "accessory"], [34, "frisbee", "frisbees", "sports"], [35, "skis", "skis", "sports"],
  [36, "snowboard", "snowboards", "sports"], [37, "sports ball", "sports balls", "sports"], [38, "kite", "kites", "sports"],
  [39, "baseball bat", "baseball bats", "sports"], [40, "baseball glove", "baseball gloves", "sports"],
  [41, "skateboard", "skateboards", "sports"], [42, "surfboard", "surfboards", "sports"],
  [43, "tennis racket", "tennis rackets", "sports"], [44, "bottle", "bottles", "kitchen"],
  [46, "wine glass", "wine glasses", "kitchen"], [47, "cup", "cups", "kitchen"], [48, "fork", "forks", "kitchen"],
  [49, "knife", "knives", "kitchen"], [50, "spoon", "spoons", "kitchen"], [51, "bowl", "bowls", "kitchen"],
  [52, "banana", "bananas", "food"], [53, "apple", "apples", "food"], [54, "sandwich", "sandwiches", "food"],
  [55, "orange", "oranges", "food"], [56, "broccoli", "broccoli", "food"], [57, "carrot", "carrots", "food"],
  [58, "hot dog", "hot dogs", "food"], [59, "pizza", "pizzas", "food"], [60, "donut", "donuts", "food"],
  [61, "cake", "cakes", "food"], [62, "chair", "chairs", "furniture"], [63, "couch", "couches", "furniture"],
  [64, "potted plant", "potted plants", "furniture"], [65, "bed", "beds", "furniture"],
  [67, "dining table", "dining tables", "furniture"], [70, "toilet", "toilets", "furniture"],
  [72, "tv", "tvs", "electronic"], [73, "laptop", "laptops", "electronic"], [74, "mouse", "mice", "electronic"],
  [75, "remote", "remotes", "electronic"], [76, "keyboard", "keyboards", "electronic"],
  [77, "cell phone", "cell phones", "electronic"], [78, "microwave", "microwaves", "appliance"],
  [79, "oven", "ovens", "appliance"], [80, "toaster", "toasters", "appliance"], [81, "sink", "sinks", "appliance"],
  [82, "refrigerator", "refrigerators", "appliance"], [84, "book", "books", "indoor"], [85, "clock", "clocks", "indoor"],
  [86, "vase", "vases", "indoor"], [87, "scissors", "scissors", "indoor"], [88, "teddy bear", "teddy bears", "indoor"],
  [89, "hair drier", "hair driers", "indoor"], [90, "toothbrush", "toothbrushes", "indoor"],
];

/** The 80 COCO classes in id order (the detector's output order). */
export const COCO_CLASSES: readonly CocoClass[] = Object.freeze(
  TABLE.map(([id, name, plural, supercategory], index) => Object.freeze({ index, id, name, plural, supercategory })),
);

/** The COCO class with this category id, or undefined. */
export function cocoClassById(id: number): CocoClass | undefined {
  return COCO_CLASSES.find((cocoClass) => cocoClass.id === id);
}

/** The COCO class with exactly this name, or undefined. */
export function cocoClassByName(name: string): CocoClass | undefined {
  return COCO_CLASSES.find((cocoClass) => cocoClass.name === name);
}
