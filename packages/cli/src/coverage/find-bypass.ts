import ts from 'typescript';
import { calleeText, importedName, unwrap } from './lib/ast.js';

/** Functions that send to GA4/GTM directly, by the name they are imported or known under. */
export const BYPASS_FUNCTIONS = ['gtag', 'sendGAEvent', 'sendGTMEvent'];

/** `receiver.method` calls that send directly. */
export const BYPASS_METHODS = ['dataLayer.push', 'ReactGA.event', 'ReactGA.send', 'ReactGA.gtag'];

/**
 * The name of the raw analytics call `call` makes (`gtag`, `dataLayer.push`, `sendGAEvent`,
 * `ReactGA.event`, ...), or undefined. Imports are followed: `import { sendGAEvent as ga }` and
 * any default import of `react-ga4` are recognised under their local names.
 */
export function findBypass(checker: ts.TypeChecker, call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const { name } = importedName(checker, callee);
    return BYPASS_FUNCTIONS.includes(name) ? name : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const text = calleeText(call);
  if (BYPASS_FUNCTIONS.includes(text) || BYPASS_METHODS.includes(text)) return text;
  const receiver = unwrap(callee.expression);
  if (ts.isIdentifier(receiver) && ['event', 'send', 'gtag'].includes(callee.name.text)) {
    const { module } = importedName(checker, receiver);
    if (module === 'react-ga4') return `ReactGA.${callee.name.text}`;
  }
  return undefined;
}
