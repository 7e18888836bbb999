/**
 * Catches errors thrown by `useQuery` below it and shows them instead of a
 * blank screen. A refusal with a reason (out of scope, not found, invalid)
 * shows the reason and no retry, since trying again changes nothing; any
 * other failure offers "Try again".
 */
import { Component, type ReactNode } from "react";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { Button } from "./Button";
import { ErrorState } from "./ErrorState";

type State = { error: unknown; key: number };

const FINAL = new Set(["FORBIDDEN", "NOT_FOUND", "INVALID_ARGUMENT", "UNAUTHENTICATED"]);

export class QueryBoundary extends Component<{ children: ReactNode; title?: string; extraAction?: ReactNode }, State> {
  state: State = { error: null, key: 0 };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    if (this.state.error) {
      const final = FINAL.has(getErrorInfo(this.state.error).code);
      const retry = final ? null : (
        <Button size="sm" onClick={() => this.setState((s) => ({ error: null, key: s.key + 1 }))}>
          Try again
        </Button>
      );
      return (
        <ErrorState
          error={this.state.error}
          title={this.props.title}
          action={
            retry || this.props.extraAction ? (
              <span className="flex gap-2">
                {retry}
                {this.props.extraAction}
              </span>
            ) : undefined
          }
        />
      );
    }
    return (
      <div key={this.state.key} className="contents">
        {this.props.children}
      </div>
    );
  }
}
