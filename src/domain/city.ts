import { z } from "zod";
import { isValidTimeZone } from "./time.js";

/** The city a database describes. Stored in the database; validated whenever it is read or written. */
export const CityConfigSchema = z.object({
  name: z.string().min(1),
  timeZone: z.string().refine(isValidTimeZone, { message: "not an IANA time zone (e.g. America/Chicago)" }),
  /**
   * Projected CRS in metres used for every distance (`EPSG:n`). Null until chosen: when `init` was not
   * given one, the UTM zone of the first located data is taken and recorded.
   */
  analysisCrs: z.string().nullable(),
});

export type CityConfig = z.infer<typeof CityConfigSchema>;
