// Loaded with `node --import` before demo/main.mjs: installs ./_hooks.mjs with
// the build's entry URL from CSPKIT_ENTRY.
import { register } from "node:module";

const entry = process.env.CSPKIT_ENTRY;
if (entry === undefined) throw new Error("spec/demo/_register.mjs: CSPKIT_ENTRY is not set");
register(new URL("./_hooks.mjs", import.meta.url), { data: { entry } });
