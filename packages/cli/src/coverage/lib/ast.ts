import ts from 'typescript';

/** 1-based line and column of a node's first token. */
export function position(node: ts.Node): { line: number; column: number } {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: line + 1, column: character + 1 };
}

/** The symbol a name refers to, through import aliases and re-exports. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    const target = checker.getAliasedSymbol(symbol);
    // An import of a module the program could not resolve aliases to `unknown`.
    return target.declarations?.length ? target : symbol;
  }
  return symbol;
}

/** The function-like node a symbol stands for: a function, a method, or a const holding one. */
export function functionOf(symbol: ts.Symbol | undefined): ts.SignatureDeclaration | undefined {
  for (const decl of symbol?.declarations ?? []) {
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl;
    const init = ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) ? decl.initializer : undefined;
    const fn = init && unwrap(init);
    if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return fn;
  }
  return undefined;
}

/** Strips parentheses, `await`, `as`/`satisfies` and non-null assertions. */
export function unwrap(node: ts.Expression): ts.Expression {
  let e = node;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

/** The name a callee is known by: `trackEvent` for `trackEvent(...)` and `a.b.trackEvent(...)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Callee text without `window.`/`globalThis.`/`self.`, e.g. `dataLayer.push`. */
export function calleeText(call: ts.CallExpression): string {
  return unwrap(call.expression)
    .getText()
    .replace(/\s+/g, '')
    .replace(/^(window|globalThis|self)\./, '')
    .replace(/\?\./g, '.');
}

/** The name an identifier was imported under in its module (`import { a as b }` -> `a`). */
export function importedName(checker: ts.TypeChecker, id: ts.Identifier): { name: string; module: string | undefined } {
  const decl = checker.getSymbolAtLocation(id)?.declarations?.[0];
  if (decl && ts.isImportSpecifier(decl)) {
    const module = decl.parent.parent.parent.moduleSpecifier;
    return { name: (decl.propertyName ?? decl.name).text, module: ts.isStringLiteral(module) ? module.text : undefined };
  }
  if (decl && (ts.isImportClause(decl) || ts.isNamespaceImport(decl))) {
    const importDecl = ts.isImportClause(decl) ? decl.parent : decl.parent.parent;
    const module = importDecl.moduleSpecifier;
    return { name: id.text, module: ts.isStringLiteral(module) ? module.text : undefined };
  }
  return { name: id.text, module: undefined };
}

/** String values of a type that is a string literal or a union of string literals, else undefined. */
export function stringLiterals(type: ts.Type): string[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  const values: string[] = [];
  for (const part of parts) {
    if (!part.isStringLiteral()) return undefined;
    values.push(part.value);
  }
  return values.length > 0 ? values : undefined;
}

/** Every call expression in a file. */
export function callsIn(sf: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return calls;
}
