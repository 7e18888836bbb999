/** Entry point: global styles, providers and the app. */
import "./lib/configureZod";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./index.css";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { App } from "./App";
import { AppProviders } from "@/features/auth/components/AppProviders";

// A query refused with a reason (FORBIDDEN, NOT_FOUND...) is caught by a QueryBoundary that shows the
// reason; React would still log it as an error, so only other errors are logged.
createRoot(document.getElementById("root")!, {
  onCaughtError: (error, info) => {
    if (getErrorInfo(error).code !== "UNKNOWN") return;
    console.error(error, info.componentStack);
  },
}).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
