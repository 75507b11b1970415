import * as assert from 'assert/strict';
import * as fs from 'fs';
import { Workbench } from '../support/workbench';

describe('the workbench in a browser', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the Stevedore item in the activity bar, and its four views when clicked', async () => {
    await wb.openStevedore();
    const titles = (await wb.viewTitles()).map((t) => t.toUpperCase());
    for (const view of ['IMAGES', 'CONTAINERS', 'REGISTRIES', 'VOLUMES']) assert.ok(titles.includes(view), `view ${view} in ${JSON.stringify(titles)}`);
    // Containers cannot run yet: the view says so instead of VS Code's "no data provider".
    await wb.page.waitForSelector('text=Containers cannot run here', { timeout: 30_000 });
    assert.equal(await wb.page.locator('text=There is no data provider').count(), 0);
    const shot = await wb.screenshot('stevedore-views');
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot has content');
  });
});
