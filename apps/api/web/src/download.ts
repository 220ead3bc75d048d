import { ElMessage, ElNotification, ElProgress } from 'element-plus';
import { h, reactive } from 'vue';

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads a download chunk by chunk while a notice shows the bytes received (and the share, when the server sent a
 * length; the exports are streamed, so usually it did not). A broken stream is said in Chinese and rethrown.
 */
export async function receiveWithProgress(res: Response, fileName: string): Promise<Blob> {
  const total = Number(res.headers.get('content-length')) || 0;
  const state = reactive({ received: 0 });
  const notice = ElNotification({
    title: `正在下载 ${fileName}`, duration: 0, showClose: false, position: 'bottom-right',
    message: () => h('div', { 'data-test': 'download-progress' }, [
      h(ElProgress, { percentage: total ? Math.min(100, Math.round((state.received / total) * 100)) : 100, indeterminate: !total,
        duration: 2, showText: Boolean(total), strokeWidth: 8 }),
      h('div', { class: 'muted', 'data-test': 'download-bytes' },
        `已接收 ${formatBytes(state.received)}${total ? ` / ${formatBytes(total)}` : ''}`),
    ]),
  });
  try {
    if (!res.body) return await res.blob();
    const reader = res.body.getReader();
    const chunks: BlobPart[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      state.received += value.byteLength;
    }
    return new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  } catch (err) {
    ElMessage.error(`${fileName} 下载中断（已接收 ${formatBytes(state.received)}），请重试`);
    throw err;
  } finally {
    notice.close();
  }
}

/** Hands a received file to the browser's download and says how big it was. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  ElMessage.success({ message: `已下载 ${fileName}（${formatBytes(blob.size)}）`, customClass: 'download-done' });
}
