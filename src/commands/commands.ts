/**
 * Ribbon commands, loaded by the function file (commands.html) named in manifest.xml.
 * "Check now" (ExecuteFunction checkNow) runs without opening the task pane.
 */

/**
 * Checks the active sheet from the ribbon. For now it only reports completion to Office: the full
 * check-now (read the sheet, run the core checks, show the result) lands with the task pane issue.
 */
export function checkNow(event: Office.AddinCommands.Event): void {
  event.completed();
}

// Office.actions.associate is how current Office finds an ExecuteFunction handler; older builds
// look the name up on the global object instead, which a webpack bundle does not reach by itself.
if (typeof Office !== 'undefined' && Office.actions?.associate) {
  Office.actions.associate('checkNow', checkNow);
}
(globalThis as unknown as Record<string, unknown>).checkNow = checkNow;

if (typeof Office !== 'undefined') {
  void Office.onReady();
}
