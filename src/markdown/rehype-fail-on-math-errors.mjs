// rehype-katex never throws: on a bad formula it records a vfile message and renders red error markup.
// A textbook must not ship broken math, so this plugin (placed right after rehype-katex) turns those
// messages into a build error that names the file, the line and KaTeX's reason.
export function rehypeFailOnMathErrors() {
  return (_tree, file) => {
    const errors = file.messages.filter((message) => message.source === "rehype-katex");
    if (errors.length === 0) return;
    const lines = errors.map((message) => {
      const where = `${file.path ?? "<input>"}:${message.line ?? "?"}:${message.column ?? "?"}`;
      return `${where} ${message.cause?.message ?? message.reason}`;
    });
    throw new Error(`KaTeX could not render ${errors.length} formula(s):\n${lines.join("\n")}`);
  };
}
