/**
 * Words and phrases that name COCO classes, beyond the class names and their plurals. Each key maps to
 * COCO class names; a key may be singular or plural (both are listed where English is irregular).
 * Hypernyms ("animal", "vehicle") map to several classes.
 */
export const LABEL_SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // person
  persons: ["person"], human: ["person"], humans: ["person"], pedestrian: ["person"], pedestrians: ["person"],
  man: ["person"], men: ["person"], woman: ["person"], women: ["person"], boy: ["person"], boys: ["person"],
  girl: ["person"], girls: ["person"], kid: ["person"], kids: ["person"], child: ["person"], children: ["person"],
  baby: ["person"], babies: ["person"], adult: ["person"], adults: ["person"], guy: ["person"], guys: ["person"],
  lady: ["person"], ladies: ["person"], player: ["person"], players: ["person"], individual: ["person"],
  individuals: ["person"], skier: ["person"], skiers: ["person"], surfer: ["person"], surfers: ["person"],
  // vehicles
  bike: ["bicycle"], bikes: ["bicycle"], automobile: ["car"], automobiles: ["car"], taxi: ["car"], taxis: ["car"],
  cab: ["car"], cabs: ["car"], motorbike: ["motorcycle"], motorbikes: ["motorcycle"], aeroplane: ["airplane"],
  aeroplanes: ["airplane"], plane: ["airplane"], planes: ["airplane"], jet: ["airplane"], jets: ["airplane"],
  aircraft: ["airplane"], lorry: ["truck"], lorries: ["truck"], ship: ["boat"], ships: ["boat"],
  sailboat: ["boat"], sailboats: ["boat"],
  // outdoor
  "traffic signal": ["traffic light"], "traffic signals": ["traffic light"], hydrant: ["fire hydrant"],
  hydrants: ["fire hydrant"],
  // animals
  puppy: ["dog"], puppies: ["dog"], kitten: ["cat"], kittens: ["cat"], kitty: ["cat"], pony: ["horse"],
  ponies: ["horse"], lamb: ["sheep"], lambs: ["sheep"], cattle: ["cow"], calf: ["cow"], calves: ["cow"],
  pet: ["cat", "dog"], pets: ["cat", "dog"],
  // accessories, sports
  bag: ["handbag", "backpack", "suitcase"], bags: ["handbag", "backpack", "suitcase"], purse: ["handbag"],
  purses: ["handbag"], luggage: ["suitcase"], necktie: ["tie"], neckties: ["tie"], ski: ["skis"],
  ball: ["sports ball"], balls: ["sports ball"], racket: ["tennis racket"], rackets: ["tennis racket"],
  racquet: ["tennis racket"], racquets: ["tennis racket"], bat: ["baseball bat"], bats: ["baseball bat"],
  glove: ["baseball glove"], gloves: ["baseball glove"], mitt: ["baseball glove"], mitts: ["baseball glove"],
  // kitchen, food
  glass: ["wine glass", "cup"], glasses: ["wine glass", "cup"], mug: ["cup"], mugs: ["cup"],
  doughnut: ["donut"], doughnuts: ["donut"], hotdog: ["hot dog"], hotdogs: ["hot dog"],
  // furniture, electronics, appliances, indoor
  sofa: ["couch"], sofas: ["couch"], table: ["dining table"], tables: ["dining table"], desk: ["dining table"],
  desks: ["dining table"], plant: ["potted plant"], plants: ["potted plant"], houseplant: ["potted plant"],
  houseplants: ["potted plant"], television: ["tv"], televisions: ["tv"], "tv set": ["tv"], monitor: ["tv"],
  monitors: ["tv"], phone: ["cell phone"], phones: ["cell phone"], cellphone: ["cell phone"],
  cellphones: ["cell phone"], smartphone: ["cell phone"], smartphones: ["cell phone"],
  "mobile phone": ["cell phone"], "mobile phones": ["cell phone"], "remote control": ["remote"],
  "remote controls": ["remote"], "computer mouse": ["mouse"], computer: ["laptop"], computers: ["laptop"],
  fridge: ["refrigerator"], fridges: ["refrigerator"], stove: ["oven"], stoves: ["oven"],
  "hair dryer": ["hair drier"], "hair dryers": ["hair drier"], teddy: ["teddy bear"], teddies: ["teddy bear"],
});

/** A group of COCO classes: whole supercategories, explicit names, or every class. */
export interface LabelGroup {
  readonly supercategories?: readonly string[];
  readonly names?: readonly string[];
  readonly all?: true;
}

/**
 * Group words: a hypernym names every COCO class of one or more supercategories, or an explicit list.
 * Keys are matched singular or plural.
 */
export const LABEL_HYPERNYMS: Readonly<Record<string, LabelGroup>> =
  Object.freeze({
    animal: { supercategories: ["animal"] },
    animals: { supercategories: ["animal"] },
    vehicle: { supercategories: ["vehicle"] },
    vehicles: { supercategories: ["vehicle"] },
    food: { supercategories: ["food"] },
    foods: { supercategories: ["food"] },
    furniture: { supercategories: ["furniture"] },
    kitchenware: { supercategories: ["kitchen"] },
    utensil: { names: ["fork", "knife", "spoon"] },
    utensils: { names: ["fork", "knife", "spoon"] },
    cutlery: { names: ["fork", "knife", "spoon"] },
    dish: { names: ["bowl", "cup", "wine glass"] },
    dishes: { names: ["bowl", "cup", "wine glass"] },
    fruit: { names: ["banana", "apple", "orange"] },
    fruits: { names: ["banana", "apple", "orange"] },
    vegetable: { names: ["broccoli", "carrot"] },
    vegetables: { names: ["broccoli", "carrot"] },
    electronics: { supercategories: ["electronic"] },
    "electronic device": { supercategories: ["electronic"] },
    "electronic devices": { supercategories: ["electronic"] },
    device: { supercategories: ["electronic"] },
    devices: { supercategories: ["electronic"] },
    appliance: { supercategories: ["appliance"] },
    appliances: { supercategories: ["appliance"] },
    accessory: { supercategories: ["accessory"] },
    accessories: { supercategories: ["accessory"] },
    "sports equipment": { supercategories: ["sports"] },
    "sports gear": { supercategories: ["sports"] },
    object: { all: true },
    objects: { all: true },
    thing: { all: true },
    things: { all: true },
  });
