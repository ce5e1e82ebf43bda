import { useEffect } from "react";
import { useMap } from "react-leaflet";

/** Credits the data drawn on the map (not tiles: those carry their own) in Leaflet's corner. */
export function MapAttribution({ text }: { text: string }) {
  const map = useMap();
  useEffect(() => {
    const control = map.attributionControl;
    control?.addAttribution(text);
    return () => {
      control?.removeAttribution(text);
    };
  }, [map, text]);
  return null;
}
