import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { useAuth } from '../auth/auth';
import { typeAllowed } from '../lib/attachment-types';
import { saveBlob } from '../lib/save-file';
import {
  abbreviateDigest,
  formatSize,
  formatTime,
  readHttpError,
  sha256Hex,
  uploadHeaders,
} from '../lib/transfer-detail';
import { ErrorAlert } from './ErrorAlert';

/** A file as GraphQL lists it (TransferAttachment, ConsultationAttachment). */
export interface AttachmentItem {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedByOrg: string;
  readonly uploadedAt: string;
  readonly downloadPath: string;
}

/** As the gateway limits it (docs/transfers.md, docs/meetings.md): larger files are not sent at all. */
const MAX_BYTES = 20 * 1024 * 1024;

interface UploadState {
  readonly name: string;
  readonly phase: 'hashing' | 'uploading' | 'done' | 'failed';
  readonly percent: number;
}

/**
 * A record's files (a transfer's, a consultation's): each with its size, uploader and SHA-256, downloaded with
 * the bearer token (content that fails its digest is refused by the gateway and shown as an integrity error,
 * nothing saved); and, when the person may, an upload to `uploadPath` with its SHA-256 computed here and a
 * progress bar. `mediaTypes` (exact or `type/*`) limits what may be picked, as the server does.
 */
export function Attachments(props: {
  uploadPath: string;
  attachments: readonly AttachmentItem[];
  canUpload: boolean;
  onUploaded: () => void;
  mediaTypes?: readonly string[];
  /** A line under the upload button, beside the size hint (e.g. until when files may be added). */
  hint?: string;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const auth = useAuth();
  const input = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [badType, setBadType] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [integrity, setIntegrity] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const busy = upload?.phase === 'hashing' || upload?.phase === 'uploading';

  const download = async (a: AttachmentItem) => {
    setDownloadError(null);
    setIntegrity(null);
    setDownloading(a.id);
    try {
      const res = await fetch(a.downloadPath, { headers: { Authorization: `Bearer ${auth.accessToken()}` } });
      if (!res.ok) {
        const answer = readHttpError(res.status, await res.text());
        if (answer.code === 'DATA_INTEGRITY') setIntegrity(a.filename);
        else setDownloadError(answer.error);
        return;
      }
      saveBlob(await res.blob(), a.filename);
    } catch (err) {
      setDownloadError(err);
    } finally {
      setDownloading(null);
    }
  };

  const send = async (file: File) => {
    setUploadError(null);
    setTooLarge(false);
    setBadType(false);
    if (!typeAllowed(props.mediaTypes, file.type)) {
      setBadType(true);
      setUpload(null);
      return;
    }
    if (file.size > MAX_BYTES) {
      setTooLarge(true);
      setUpload(null);
      return;
    }
    setUpload({ name: file.name, phase: 'hashing', percent: 0 });
    const body = await file.arrayBuffer();
    const sha256 = await sha256Hex(body);
    setUpload({ name: file.name, phase: 'uploading', percent: 0 });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', props.uploadPath);
    for (const [name, value] of Object.entries(uploadHeaders(file, sha256)))
      xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Authorization', `Bearer ${auth.accessToken()}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setUpload({
          name: file.name,
          phase: 'uploading',
          percent: Math.min(99, Math.floor((e.loaded / e.total) * 100)),
        });
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        setUpload({ name: file.name, phase: 'done', percent: 100 });
        props.onUploaded();
      } else {
        setUpload((u) => (u ? { ...u, phase: 'failed' } : u));
        setUploadError(readHttpError(xhr.status, xhr.responseText).error);
      }
    };
    xhr.onerror = () => {
      setUpload((u) => (u ? { ...u, phase: 'failed' } : u));
      setUploadError(new Error('network'));
    };
    xhr.send(body);
  };

  const progressLabel = upload
    ? t(
        {
          hashing: 'attachments.hashing',
          uploading: 'attachments.uploading',
          done: 'attachments.uploaded',
          failed: 'attachments.failed',
        }[upload.phase],
        { name: upload.name },
      )
    : '';

  return (
    <Card title={t('attachments.title')}>
      {integrity && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-reason="DATA_INTEGRITY"
          data-testid="download-error"
          title={t('errors.code.DATA_INTEGRITY')}
          description={integrity}
          closable
          onClose={() => setIntegrity(null)}
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={downloadError} onClose={() => setDownloadError(null)} />
      <div data-testid="attachments">
        {props.attachments.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} />
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {props.attachments.map((a) => (
              <li
                key={a.id}
                data-testid="attachment"
                data-attachment-id={a.id}
                style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
              >
                <Flex justify="space-between" align="start" gap={8} wrap>
                  <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
                    <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                      <PaperClipOutlined aria-hidden /> {a.filename}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {formatSize(a.size)} ·{' '}
                      {t('attachments.uploadedBy', {
                        user: a.uploadedBy,
                        org: session.orgName(a.uploadedByOrg),
                        time: formatTime(a.uploadedAt, i18n.language),
                      })}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('attachments.digest')}
                      <Typography.Text
                        code
                        title={a.sha256}
                        data-testid="attachment-sha256"
                        data-sha256={a.sha256}
                        copyable={{
                          text: a.sha256,
                          tooltips: [t('attachments.copyDigest'), t('attachments.copied')],
                        }}
                      >
                        {abbreviateDigest(a.sha256)}
                      </Typography.Text>
                    </Typography.Text>
                  </Flex>
                  <Button
                    icon={<DownloadOutlined />}
                    loading={downloading === a.id}
                    onClick={() => void download(a)}
                    aria-label={t('attachments.download', { name: a.filename })}
                    data-testid="attachment-download"
                  />
                </Flex>
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.canUpload && (
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          <ErrorAlert error={uploadError} onClose={() => setUploadError(null)} />
          {badType && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="attachment-bad-type"
              title={t('attachments.badType')}
              description={t('attachments.typesHint')}
              closable
              onClose={() => setBadType(false)}
            />
          )}
          {tooLarge && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('attachments.tooLarge')}
              closable
              onClose={() => setTooLarge(false)}
            />
          )}
          <div>
            <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} disabled={busy}>
              {t('attachments.upload')}
            </Button>
            <input
              ref={input}
              type="file"
              data-testid="attachment-upload"
              aria-label={t('attachments.upload')}
              tabIndex={-1}
              accept={props.mediaTypes?.join(',')}
              style={{ display: 'none' }}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void send(file);
              }}
            />
          </div>
          <Typography.Text type="secondary">
            {t('attachments.uploadHint')}
            {props.mediaTypes ? ` ${t('attachments.typesHint')}` : ''}
          </Typography.Text>
          {props.hint && <Typography.Text type="secondary">{props.hint}</Typography.Text>}
          {upload && (
            <div aria-live="polite">
              <Typography.Text>{progressLabel}</Typography.Text>
              <Progress
                data-testid="upload-progress"
                data-phase={upload.phase}
                aria-label={t('attachments.progress')}
                percent={upload.percent}
                status={
                  upload.phase === 'failed' ? 'exception' : upload.phase === 'done' ? 'success' : 'active'
                }
              />
            </div>
          )}
        </Flex>
      )}
    </Card>
  );
}
