// Minifiers rename classes (a production bundle prints `zn(in_features=2, ...)` instead of `Linear(...)`), but module
// reprs and error messages use the class name. Pin each exported class's `name` to the name it is exported under.

/** For every exported class (an export named with a capital letter) of the given module namespaces, fix its name. */
export function keepClassNames(...namespaces: Record<string, unknown>[]): void {
  for (const ns of namespaces) {
    for (const [name, value] of Object.entries(ns)) {
      if (typeof value === "function" && /^[A-Z]/.test(name) && value.name !== name) {
        Object.defineProperty(value, "name", { value: name, configurable: true });
      }
    }
  }
}
