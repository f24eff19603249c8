import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { scriptSchema } from './lib/lessons/schema';

/**
 * Lessons: one MDX file each in `src/content/lessons/`. The schema is the contract between the
 * prose and the site: a lesson that lacks a field, or has one of the wrong type, fails the build.
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './src/content/lessons' }),
  schema: z.object({
    /** The lesson's title, as shown on its page and in the home page's list. */
    title: z.string().min(3),
    /** One or two sentences: what the reader will see and learn. */
    summary: z.string().min(20).max(300),
    /** Position in the course, from 0; the home page and previous/next links follow it. */
    order: z.number().int().min(0),
    /** Estimated reading time in minutes, experiments included. */
    readingTime: z.number().int().min(1).max(120),
    /** Sources the lesson cites, shown as its reference list. */
    references: z
      .array(z.object({ text: z.string(), href: z.string().url().optional() }))
      .default([]),
  }),
});

/**
 * Guided-experiment scripts: one JSON file each in `src/content/experiments/`, named after the
 * lesson that uses it. The schema (`src/lib/lessons/schema.ts`, every field documented there) is
 * the same one the headless replay test uses, so a script with an unknown preset, metric,
 * activation or target fails the build, and one whose claims the engine does not reproduce
 * fails the tests.
 */
const experiments = defineCollection({
  loader: glob({ pattern: '**/*.json', base: './src/content/experiments' }),
  schema: scriptSchema,
});

export const collections = { lessons, experiments };
