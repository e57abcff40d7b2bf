/** A multipart body with one file (field `file` unless told) and plain text fields, for ATS upload endpoints. */
export function formWithFile(file: { filename: string; contentType: string; content: Uint8Array }, fields: Record<string, string> = {}, fileField = 'file'): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(fileField, new Blob([file.content], { type: file.contentType }), file.filename);
  return form;
}
