import { beforeEach, describe, expect, it } from 'vitest';
import { formStore } from './persisted-form';

describe('formStore', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('gives back what was typed, per form and per person', () => {
    const mine = formStore(window.sessionStorage, 'send-transfer', 'gongga-prosecutor');
    mine.save({ summary: '拉萨河非法采砂线索', receiverOrg: 'proc-540124', note: undefined, empty: '' });
    expect(formStore(window.sessionStorage, 'send-transfer', 'gongga-prosecutor').load()).toEqual({
      summary: '拉萨河非法采砂线索',
      receiverOrg: 'proc-540124',
    });
    expect(formStore(window.sessionStorage, 'send-transfer', 'qushui-prosecutor').load()).toBeUndefined();
    expect(formStore(window.sessionStorage, 'other-form', 'gongga-prosecutor').load()).toBeUndefined();
  });

  it('forgets the form when cleared or emptied', () => {
    const store = formStore(window.sessionStorage, 'send-transfer', 'u');
    store.save({ summary: 'x' });
    store.clear();
    expect(store.load()).toBeUndefined();
    store.save({ summary: 'x' });
    store.save({ summary: '' });
    expect(store.load()).toBeUndefined();
  });

  it('drops a stored value that is not a form object', () => {
    window.sessionStorage.setItem('yiti.form.u.f', '[1,2]');
    expect(formStore(window.sessionStorage, 'f', 'u').load()).toBeUndefined();
    window.sessionStorage.setItem('yiti.form.u.f', '{broken');
    expect(formStore(window.sessionStorage, 'f', 'u').load()).toBeUndefined();
    expect(window.sessionStorage.getItem('yiti.form.u.f')).toBeNull();
  });
});
