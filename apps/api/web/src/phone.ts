import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** Below this width the workspace lays out for a phone: the menu in a drawer, lists as cards, dialogs full width. */
export const PHONE_QUERY = '(max-width: 767px)';

/** Whether the window is phone-sized, following rotations and resizes; for what CSS media queries alone cannot do. */
export function useIsPhone(): Ref<boolean> {
  const query = window.matchMedia(PHONE_QUERY);
  const isPhone = ref(query.matches);
  const update = (e: MediaQueryListEvent) => { isPhone.value = e.matches; };
  onMounted(() => query.addEventListener('change', update));
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return isPhone;
}

/** What the server takes as 佐证材料 (EvidenceStorageService): checked before a file is sent, not after 20 MB went up. */
export const EVIDENCE_EXTENSIONS = ['.pdf', '.ofd', '.jpg', '.jpeg', '.png', '.gif', '.webp', '.doc', '.docx', '.wps', '.xls',
  '.xlsx', '.et', '.ppt', '.pptx', '.txt', '.zip', '.rar', '.7z'];
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** image/* lets a phone offer its camera and gallery; capture is not forced, so files stay reachable too */
export const EVIDENCE_ACCEPT = ['image/*', ...EVIDENCE_EXTENSIONS].join(',');

/** Why the file cannot be sent as evidence, in words for the clerk, or null when it can. */
export function evidenceProblem(name: string, size: number): string | null {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  if (!EVIDENCE_EXTENSIONS.includes(ext)) {
    return `“${name}”的文件类型不支持，请上传 PDF、OFD、图片（JPG/PNG）、Word/WPS、Excel、PPT、TXT 或压缩包`;
  }
  if (size > EVIDENCE_MAX_BYTES) return `“${name}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 20 MB 的上限，请压缩后再上传`;
  return null;
}
