/** The browser's side of an upload: the file straight to S3 with the POST the API signed. */

export interface SignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** Sends the file with its signed fields, telling progress in percent; true when S3 took it. */
export function postToStorage(
  upload: SignedUpload,
  file: File,
  onprogress: (percent: number) => void = () => {},
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(upload.fields)) form.append(key, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onprogress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => resolve(xhr.status >= 200 && xhr.status < 300);
    xhr.onerror = () => resolve(false);
    xhr.open('POST', upload.url);
    xhr.send(form);
  });
}
