/** The toast queue's context; use `useToast` to post and `ToastProvider` to render. */
import { createContext } from "react";

export type ToastTone = "info" | "success" | "error" | "warning";
export type ToastInput = { title: string; description?: string; tone?: ToastTone };
export type ToastApi = { show: (toast: ToastInput) => void };

export const ToastContext = createContext<ToastApi>({ show: () => {} });
