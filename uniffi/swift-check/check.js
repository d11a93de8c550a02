// Parses each generated Swift file with tree-sitter-swift and fails on any syntax error; writes
// the classes' methods (name, argument labels, async, throws) to api.json for the Kotlin suite's
// SwiftApiTest, which compares them with the endpoint table.
//
//   node check.js OUT.json FILE.swift...
//
// One preprocessing step: uniffi wraps member attributes in `#if swift(>=5.8)` ... `#endif`,
// which Swift accepts and tree-sitter-swift cannot parse inside a declaration. The check resolves
// those blocks as a Swift 5.8+ compiler does (keeping the attribute) before parsing.
"use strict";
const fs = require("fs");
const Parser = require("tree-sitter");
const Swift = require("tree-sitter-swift");

const [out, ...files] = process.argv.slice(2);
const parser = new Parser();
parser.setLanguage(Swift);

const api = {};
let failed = false;
for (const file of files) {
  const source = fs
    .readFileSync(file, "utf8")
    .replace(/^#if swift\(>=5\.8\)\n(.*\n)#endif\n/gm, "$1");
  // A callback input: the binding's string input is limited to 32 KiB.
  const tree = parser.parse((index) => source.slice(index, index + 4096));
  const errors = [];
  const findErrors = (node) => {
    if (node.type === "ERROR" || node.isMissing) return errors.push(node);
    if (node.hasError) node.children.forEach(findErrors);
  };
  findErrors(tree.rootNode);
  for (const error of errors.slice(0, 10)) {
    const { row, column } = error.startPosition;
    console.error(`${file}:${row + 1}:${column + 1}: syntax error near ${JSON.stringify(source.slice(error.startIndex, error.startIndex + 80))}`);
  }
  if (errors.length) failed = true;
  console.log(`swift-check: ${file}: ${source.length} chars, ${errors.length} syntax errors`);

  for (const node of tree.rootNode.descendantsOfType("class_declaration")) {
    const name = node.childForFieldName("name");
    const body = node.childForFieldName("body");
    if (!name || !body) continue;
    if (node.childForFieldName("declaration_kind")?.text === "struct") {
      // A record: its stored properties, in order, for the option and error-field parity checks.
      api.__structs__ = api.__structs__ || {};
      api.__structs__[name.text] = body.namedChildren
        .filter((member) => member.type === "property_declaration")
        .map((member) => member.childForFieldName("name")?.text)
        .filter(Boolean);
    }
    const methods = (api[name.text] = api[name.text] || {});
    for (const member of body.namedChildren) {
      if (member.type !== "function_declaration") continue;
      const fn = member.childForFieldName("name");
      if (!fn) continue;
      const params = member.namedChildren
        .filter((child) => child.type === "parameter")
        .map((param) => (param.childForFieldName("external_name") || param.childForFieldName("name")).text);
      const header = source.slice(member.startIndex, member.childForFieldName("body")?.startIndex ?? member.endIndex);
      methods[fn.text] = {
        params,
        async: /\basync\b/.test(header),
        throws: /\bthrows\b/.test(header),
        static: /\bstatic\b/.test(header),
      };
    }
  }
}
fs.writeFileSync(out, JSON.stringify(api, null, 1) + "\n");
process.exit(failed ? 1 : 0);
