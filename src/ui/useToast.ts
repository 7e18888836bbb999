/** Posts a transient message: `const toast = useToast(); toast.show({ title: "Saved" })`. */
import { useContext } from "react";
import { ToastContext } from "./ToastContext";

export function useToast() {
  return useContext(ToastContext);
}
