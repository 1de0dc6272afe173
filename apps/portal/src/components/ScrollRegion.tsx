import type { ReactNode } from 'react';

/** A wide table's frame: scrolls sideways on a narrow screen and can be focused to scroll by keyboard. */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={props.label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {props.children}
    </div>
  );
}
