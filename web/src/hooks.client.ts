/**
 * The browser's side of the app starts here, before any page. Zod (the forms' schemas, shared with
 * the API) would probe whether it may compile code with `new Function`; the pages' policy forbids
 * that, and the probe, though caught, is reported as a violation. Jitless parsing is fast enough
 * for a form.
 */
import { z } from 'zod';

z.config({ jitless: true });
