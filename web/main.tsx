import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { RouterProvider } from 'react-router-dom';
import { queryClient } from './app/query';
import { I18nProvider, useI18n } from './app/i18n';
import { useSessionEndedRedirect } from './app/auth';
import { router } from './app/router';
import { appTheme, applyCssVariables } from './app/theme';
import './app/global.css';

applyCssVariables();

function Root() {
  const { locale } = useI18n();
  useSessionEndedRedirect();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? antdZhCN : antdEnUS} theme={appTheme}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

// Server texts (role names, action names, problem details) come in the UI language: fetch them again on a switch.
const refetchLocalized = () => void queryClient.invalidateQueries();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider onChange={refetchLocalized}>
        <Root />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
