import { z } from 'zod';

type Shape = Record<string, z.ZodType>;

const anyObject = () => z.looseObject({});

function shallow(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodObject && Object.keys(field.shape).length === 0) return field;
  if (field instanceof z.ZodObject || field instanceof z.ZodRecord) return anyObject();
  if (field instanceof z.ZodNullable) return shallow(field.unwrap() as z.ZodType).nullable();
  if (field instanceof z.ZodOptional) return shallow(field.unwrap() as z.ZodType).optional();
  if (field instanceof z.ZodArray) {
    const element = field.element as z.ZodType;
    return z.array(element instanceof z.ZodObject ? anyObject() : element);
  }
  return field;
}

/**
 * The output schema a tool advertises: its top-level fields with their types,
 * nested objects only as `object`. The full shapes live in docs/tools.md; this
 * keeps `tools/list` small (DESIGN.md §3: the core profile stays within 8 KB)
 * while clients can still validate and read structured results.
 */
export function outputShape(shape: Shape): Shape {
  return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, shallow(field)]));
}
