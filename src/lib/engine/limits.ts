/** Grid sizes the engine serves: a response grid up to 256×256, neuron thumbnails up to 64×64. */
export const MAX_RESOLUTION = 256;
export const MAX_THUMB = 64;
