import { Grid } from 'antd';

/** Below antd's `md` breakpoint (768px): the layout switches to its phone form. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
