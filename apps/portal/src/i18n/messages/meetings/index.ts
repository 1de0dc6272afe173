import bo from './bo.json';
import en from './en.json';
import zhCN from './zh-CN.json';

export default { 'zh-CN': zhCN, en, bo };
