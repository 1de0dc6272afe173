import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { parseMinutes, type MinutesList, type Span } from '@yiti/minutes-format';
import { Button, Flex, Grid, Input, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  activeCommands,
  applyCommand,
  continueList,
  shortcut,
  SHORTCUTS,
  type Command,
  type Edit,
} from './minutes-editing';

/**
 * The minutes as they print (libs/minutes-format): headings, bold and italic, lists with their markers as typed.
 * Loaded with the minutes section, not with the meeting page (MeetingDetailPage.tsx imports it lazily).
 */
export function MinutesView(props: { text: string; testId?: string }) {
  const nodes = useMemo(() => parseMinutes(props.text), [props.text]);
  return (
    <div
      translate="no"
      data-testid={props.testId}
      className="minutes-view"
      style={{ overflowWrap: 'anywhere' }}
    >
      {nodes.map((node, i) => {
        if (node.type === 'heading') {
          const Tag = (['h3', 'h4', 'h5'] as const)[node.level - 1]!;
          const size = [18, 16, 14][node.level - 1];
          return (
            <Tag key={i} style={{ fontSize: size, fontWeight: 600, margin: '12px 0 4px' }}>
              <Spans spans={node.spans} />
            </Tag>
          );
        }
        if (node.type === 'paragraph')
          return (
            <p key={i} style={{ margin: '0 0 4px' }}>
              <Spans spans={node.spans} />
            </p>
          );
        return <ListView key={i} list={node} depth={0} />;
      })}
    </div>
  );
}

function Spans(props: { spans: readonly Span[] }) {
  return props.spans.map((s, i) => {
    let out: ReactNode = s.text;
    if (s.italic) out = <em>{out}</em>;
    if (s.bold) out = <strong>{out}</strong>;
    return <span key={i}>{out}</span>;
  });
}

function ListView(props: { list: MinutesList; depth: number }) {
  const Tag = props.list.ordered ? 'ol' : 'ul';
  // The markers are text, as typed (a record is not renumbered), so the list draws none of its own.
  return (
    <Tag style={{ listStyle: 'none', margin: '0 0 4px', paddingInlineStart: props.depth === 0 ? 8 : 24 }}>
      {props.list.items.map((item, i) => (
        <li key={i} style={{ display: 'flex', gap: 6 }}>
          <span style={{ minWidth: '1.4em', textAlign: 'end', flex: 'none' }}>{item.marker}</span>
          <span style={{ minWidth: 0 }}>
            <Spans spans={item.spans} />
            {item.children.map((child, j) => (
              <ListView key={j} list={child} depth={1} />
            ))}
          </span>
        </li>
      ))}
    </Tag>
  );
}

/** `text`: what a button shows, which its accessible name then includes (WCAG 2.5.3). */
const BUTTONS: { command: Command; icon: ReactNode; text?: string }[] = [
  { command: 'h1', icon: <span>H1</span>, text: 'H1' },
  { command: 'h2', icon: <span>H2</span>, text: 'H2' },
  { command: 'h3', icon: <span>H3</span>, text: 'H3' },
  { command: 'bold', icon: <BoldOutlined /> },
  { command: 'italic', icon: <ItalicOutlined /> },
  { command: 'bullets', icon: <UnorderedListOutlined /> },
  { command: 'numbers', icon: <OrderedListOutlined /> },
];

/**
 * The secretary's minutes editor: a textarea holding the stored text, a toolbar that writes the format into it
 * (buttons pressed for the caret's line and place; Ctrl/⌘ shortcuts; arrow keys move along the toolbar) and the
 * minutes rendered live beside it (under it on a phone).
 */
export function MinutesEditor(props: {
  id: string;
  label: string;
  value: string;
  maxLength: number;
  onChange: (text: string) => void;
}) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const ref = useRef<TextAreaRef>(null);
  const [caret, setCaret] = useState({ start: props.value.length, end: props.value.length });
  const [focusIndex, setFocusIndex] = useState(0);
  const toolbar = useRef<HTMLDivElement>(null);
  const active = activeCommands(props.value, caret.start, caret.end);

  const area = () => ref.current?.resizableTextArea?.textArea ?? null;
  const readCaret = () => {
    const el = area();
    if (el) setCaret({ start: el.selectionStart, end: el.selectionEnd });
  };
  // The caret however it moves (keys, mouse, a script): the toolbar follows it.
  useEffect(() => {
    const follow = () => {
      const el = ref.current?.resizableTextArea?.textArea;
      if (el && document.activeElement === el) setCaret({ start: el.selectionStart, end: el.selectionEnd });
    };
    document.addEventListener('selectionchange', follow);
    return () => document.removeEventListener('selectionchange', follow);
  }, []);
  /** The edit applied as typing would be (undo keeps it), else as a new value. */
  const apply = (next: Edit) => {
    const el = area();
    if (!el) return;
    el.focus();
    const old = el.value;
    // The changed part only: the rest of the text keeps its undo history and scroll position.
    let a = 0;
    while (a < old.length && a < next.text.length && old[a] === next.text[a]) a++;
    let b = 0;
    while (
      b < old.length - a &&
      b < next.text.length - a &&
      old[old.length - 1 - b] === next.text[next.text.length - 1 - b]
    )
      b++;
    el.setSelectionRange(a, old.length - b);
    const typed = document.execCommand?.('insertText', false, next.text.slice(a, next.text.length - b));
    if (!typed || el.value !== next.text) props.onChange(next.text);
    el.setSelectionRange(next.start, next.end);
    setCaret({ start: next.start, end: next.end });
  };
  const run = (command: Command) => {
    const el = area();
    if (!el) return;
    apply(applyCommand({ text: el.value, start: el.selectionStart, end: el.selectionEnd }, command));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const command = shortcut(e);
    if (command) {
      e.preventDefault();
      run(command);
      return;
    }
    if (
      e.key === 'Enter' &&
      !e.shiftKey &&
      !e.ctrlKey &&
      !e.metaKey &&
      !e.altKey &&
      !e.nativeEvent.isComposing
    ) {
      const el = e.currentTarget;
      const next = continueList({ text: el.value, start: el.selectionStart, end: el.selectionEnd });
      if (next) {
        e.preventDefault();
        apply(next);
      }
    }
  };
  const onToolbarKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: focusIndex + 1,
      ArrowLeft: focusIndex - 1,
      Home: 0,
      End: BUTTONS.length - 1,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const index = (to + BUTTONS.length) % BUTTONS.length;
    setFocusIndex(index);
    toolbar.current?.querySelectorAll('button')[index]?.focus();
  };

  const keys = (command: Command) => SHORTCUTS[command].replace('Control', 'Ctrl');
  return (
    <Flex vertical gap={8}>
      <label htmlFor={props.id} id={`${props.id}-label`}>
        {props.label}
      </label>
      <div
        role="toolbar"
        aria-label={t('meetings.minutes.editor.toolbar')}
        aria-controls={props.id}
        ref={toolbar}
        onKeyDown={onToolbarKey}
        data-testid="minutes-toolbar"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
      >
        {BUTTONS.map((b, i) => {
          const name = t(`meetings.minutes.editor.${b.command}`);
          // Not in brackets: a name's bracketed part does not count as naming what the button shows.
          const label = b.text ? `${name} ${b.text}` : name;
          return (
            <Button
              key={b.command}
              icon={b.icon}
              type={active.has(b.command) ? 'primary' : 'default'}
              aria-label={label}
              aria-pressed={active.has(b.command)}
              aria-keyshortcuts={SHORTCUTS[b.command]}
              title={`${name} (${keys(b.command)})`}
              tabIndex={i === focusIndex ? 0 : -1}
              data-testid={`minutes-format-${b.command}`}
              // The textarea keeps the focus and its selection when the button is clicked.
              onMouseDown={(e) => e.preventDefault()}
              onFocus={() => setFocusIndex(i)}
              onClick={() => run(b.command)}
              style={{ minWidth: 40 }}
            />
          );
        })}
      </div>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: narrow ? 'minmax(0, 1fr)' : 'minmax(0, 1fr) minmax(0, 1fr)',
          gap: 12,
        }}
      >
        <Input.TextArea
          id={props.id}
          ref={ref}
          data-testid="minutes-text"
          autoSize={{ minRows: 8, maxRows: 24 }}
          maxLength={props.maxLength}
          value={props.value}
          aria-describedby={`${props.id}-help`}
          onChange={(e) => {
            props.onChange(e.target.value);
            setCaret({ start: e.target.selectionStart, end: e.target.selectionEnd });
          }}
          onSelect={readCaret}
          onKeyUp={readCaret}
          onClick={readCaret}
          onKeyDown={onKeyDown}
        />
        <section
          aria-label={t('meetings.minutes.editor.preview')}
          style={{
            border: '1px solid rgba(5, 5, 5, 0.15)',
            borderRadius: 6,
            padding: '8px 12px',
            minHeight: 80,
          }}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-hidden>
            {t('meetings.minutes.editor.preview')}
          </Typography.Text>
          {props.value.trim() ? (
            <MinutesView text={props.value} testId="minutes-preview" />
          ) : (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('meetings.minutes.editor.previewEmpty')}
            </Typography.Paragraph>
          )}
        </section>
      </div>
      <Typography.Text type="secondary" id={`${props.id}-help`} style={{ fontSize: 12 }}>
        {t('meetings.minutes.editor.help')}
      </Typography.Text>
    </Flex>
  );
}
