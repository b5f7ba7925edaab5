// Someone else's React 19 app, bundled with esbuild from npm, that takes a PIN in a
// <nickara-pad>. esbuild does not follow `new URL(…, import.meta.url)`, so the app bundles the
// package's worker (`nickara/worker`) beside its own bundle and says where it and the wasm are.
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { preload } from "nickara/pad";
import wasm from "nickara/nickara_bg.wasm";

preload({ wasm, worker: new URL("./worker.js", import.meta.url) });

function Pin() {
  const pad = useRef(null);
  const [value, setValue] = useState("");
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const element = pad.current;
    const onInput = (event) => setValue(event.target.value);
    const onChange = () => setChanges((n) => n + 1);
    element.addEventListener("input", onInput);
    element.addEventListener("change", onChange);
    return () => {
      element.removeEventListener("input", onInput);
      element.removeEventListener("change", onChange);
    };
  }, []);
  return (
    <form>
      <label htmlFor="pin">PIN</label>
      <nickara-pad ref={pad} id="pin" name="pin" digits="4" pen="thick" settle-ms="200" style={{ display: "block", width: 420, height: 180 }} />
      <output id="shown">{value}</output>
      <output id="changes">{changes}</output>
      <button type="button" id="clear" onClick={() => pad.current.clear()}>Clear</button>
    </form>
  );
}

createRoot(document.getElementById("root")).render(<Pin />);
